// Payload sizes of what a reader downloads: raw, gzip and brotli. Run with `npm run bench`.
// Issue #8 grows this suite (API load, growth, browser timings); this is its first figure.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("../", import.meta.url));
const files = ["dist/embed.js"];

const rows = files.map((file) => {
  const bytes = readFileSync(root + file);
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});

console.log("payload (bytes)");
console.table(rows);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/latest.json`,
  `${JSON.stringify({ at: new Date().toISOString(), payload: rows }, null, 2)}\n`,
);
