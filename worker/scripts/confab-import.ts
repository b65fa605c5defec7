// `confab import`: the file checked whole by the worker's own checks (nothing is sent from a
// file that is not well-formed), then split into parts (import-parts.ts) sent one by one through
// the admin API, the same way locally and with --remote, with progress on stderr and the summed
// result. Each part is a whole file the worker checks again; a part that fails stops the import
// with its number and the worker's reason, and the same command again skips what is imported.
import type { ImportResult } from "../../shared/export-format.ts";
import { parseConfabFile } from "../src/import/confab.ts";
import { checkXmlImport } from "../src/import/stream.ts";
import type { AdminClient } from "./confab-client.ts";
import { type ImportFormat, splitImport } from "./import-parts.ts";

/** The worker's whole-file check, run here before anything is sent. */
function checkWhole(text: string, format: ImportFormat): void {
  try {
    if (format === "confab") parseConfabFile(text);
    else checkXmlImport(format, [text]);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new Error(`the file was not sent: ${code ? `${code}: ` : ""}${(e as Error).message}`);
  }
}

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
  checkWhole(q.text, q.format);
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
