// Payload sizes of what a reader downloads: raw, gzip and brotli. Part of `npm run bench`
// (bench/run.ts); `node bench/payload.ts` after `npm run build` prints this table alone.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { ROOT } from "./lib/paths.ts";

export interface PayloadRow {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

const size = (file: string, bytes: Buffer): PayloadRow => ({
  file,
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/**
 * embed.js (the widget with its CSS), write.js (the form, loaded when the thread is drawn),
 * live.js (the live client, loaded by write.js), count.js, and the admin dashboard (its scripts
 * and styles together, as one row).
 */
export function measurePayload(): PayloadRow[] {
  const rows = ["dist/embed.js", "dist/write.js", "dist/live.js", "dist/count.js"].map((file) =>
    size(file, readFileSync(ROOT + file)),
  );
  const dir = "dist/admin/assets";
  if (!existsSync(ROOT + dir)) {
    console.error(`payload: ${dir} is missing (did the admin build fail?); its row is left out`);
    return rows;
  }
  const assets = readdirSync(ROOT + dir).filter((f) => f.endsWith(".js") || f.endsWith(".css"));
  // Each file is fetched (and compressed) on its own: the row is the sum of the files' sizes.
  const each = assets.map((f) => size(f, readFileSync(`${ROOT}${dir}/${f}`)));
  rows.push({
    file: `${dir}/*.{js,css} (${assets.length} files)`,
    raw: each.reduce((n, r) => n + r.raw, 0),
    gzip: each.reduce((n, r) => n + r.gzip, 0),
    brotli: each.reduce((n, r) => n + r.brotli, 0),
  });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log("payload (bytes)");
  console.table(measurePayload());
}
