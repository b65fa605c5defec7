// The pieces of an import the writer (import.ts) is made of: its options, the rows it reads
// back, the URL rewrite rules, and the chunking of rows under D1's statement size.
import { utf8Length } from "../../lib/utf8.ts";

/** D1 allows 100 KB per statement; rows go in JSON chunks well under it (UTF-8 bytes). */
const CHUNK_BYTES = 80_000;
/** Replies whose parent has not come yet, held until the end of the import. */
export const MAX_HELD = 2_000;
export const MAX_HELD_CHARS = 4_000_000;
/** Errors listed in the answer; past this they are only counted. */
export const MAX_ERRORS = 1_000;
export { IMPORT_TEXT_MAX as MAX_TEXT_CHARS } from "../../import/model.ts";

export function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = utf8Length(JSON.stringify(row)) + 1;
    if (current.length > 0 && size + bytes > CHUNK_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}

export interface MapRule {
  from: string;
  to: string;
}

export interface ImportOptions {
  siteId: string;
  map: MapRule[];
  secret: string;
  format: string;
}

export interface Spot {
  id: string;
  thread: string;
  root: string;
  path: string;
  depth: number;
}

export interface ExistingRow {
  id: string;
  source_id: string | null;
  thread_id: string;
  root_id: string;
  path: string;
  depth: number;
}

export const remap = (url: string | null, rules: MapRule[]) =>
  url ? rules.reduce((u, r) => (u.startsWith(r.from) ? r.to + u.slice(r.from.length) : u), url) : null;

/** Where a comment sits: under its parent (one deeper, path and root continued) or at the top. */
export function spotOf(id: string, thread: string, parent: Spot | undefined): Spot {
  return {
    id,
    thread,
    root: parent?.root ?? id,
    path: parent ? `${parent.path}/${id}` : id,
    depth: parent ? parent.depth + 1 : 0,
  };
}
