// `confab import`: the file split into parts (import-parts.ts) sent one by one through the admin
// API, the same way locally and with --remote, with progress on stderr and the summed result.
import type { ImportResult } from "../../shared/export-format.ts";
import type { AdminClient } from "./confab-client.ts";
import { type ImportFormat, splitImport } from "./import-parts.ts";

const count = (n: number) => n.toLocaleString("en-US");

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export async function importInParts(
  api: AdminClient,
  q: { text: string; site: string; format: ImportFormat; map: string[]; partBytes: number },
  err: NodeJS.WriteStream = process.stderr,
): Promise<ImportResult> {
  const parts = splitImport(q.text, q.format, q.partBytes);
  const query = new URLSearchParams({ site: q.site, format: q.format });
  for (const rule of q.map) query.append("map", rule);
  const total: ImportResult = { threads: 0, comments: 0, skipped: 0, errors: [] };
  const started = Date.now();
  const line = (i: number) =>
    `part ${i + 1}/${parts.length} · ${count(total.comments)} comments · ${duration(Date.now() - started)}`;
  // On a terminal the line ticks while a part is on its way; in a log, one line per part.
  const live = err.isTTY === true;
  for (const [i, part] of parts.entries()) {
    const tick = live ? setInterval(() => err.write(`\r\x1b[K${line(i)}…`), 1000) : undefined;
    let result: ImportResult;
    try {
      result = (await api.call("POST", `/import?${query}`, part, "text/plain")) as ImportResult;
    } catch (e) {
      if (live) err.write("\r\x1b[K");
      throw new Error(
        `part ${i + 1}/${parts.length} failed: ${(e as Error).message}\n` +
          `The parts before it are imported; the same command again skips them and goes on.`,
      );
    } finally {
      clearInterval(tick);
    }
    total.threads += result.threads;
    total.comments += result.comments;
    total.skipped += result.skipped;
    total.errors.push(...result.errors);
    err.write(`${live ? "\r\x1b[K" : ""}${line(i)}\n`);
  }
  err.write(
    `imported ${parts.length === 1 ? "1 part" : `${parts.length} parts`} in ${duration(Date.now() - started)}: ` +
      `${count(total.threads)} threads, ${count(total.comments)} comments, ${count(total.skipped)} skipped, ` +
      `${count(total.errors.length)} errors\n`,
  );
  return total;
}
