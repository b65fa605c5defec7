// A kept answer is also kept gzipped, made once per entry the first time a reader's browser accepts
// it: a hot read then hands the runtime about a fifth of the bytes, and neither the runtime, nor
// Node, nor the edge compresses the same page again for every reader. Every browser sends
// `Accept-Encoding: gzip`; a client that does not gets the plain bytes.
import { gzipSync } from "node:zlib";

/** Below this, gzip's header and the work cost more than the bytes saved (a counts answer). */
export const GZIP_MIN_BYTES = 1024;

/** Whether an Accept-Encoding header admits gzip: named (or `*`) with a q above 0. */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(",")) {
    const [name = "", ...params] = part.split(";").map((s) => s.trim());
    const given = params.find((p) => p.startsWith("q="));
    q.set(name, given === undefined ? 1 : Number(given.slice(2)) || 0);
  }
  return (q.get("gzip") ?? q.get("x-gzip") ?? q.get("*") ?? 0) > 0;
}

const gzipped = new WeakMap<object, Uint8Array>();

/**
 * The gzip of an entry's bytes, made once per entry (the entry is its key, so it goes with it);
 * `made` hears its size when it is made, so the memory bound counts it.
 */
export function gzipOf(entry: object, bytes: Uint8Array, made?: (bytes: number) => void): Uint8Array {
  let gz = gzipped.get(entry);
  if (!gz) {
    gz = new Uint8Array(gzipSync(bytes));
    gzipped.set(entry, gz);
    made?.(gz.length);
  }
  return gz;
}
