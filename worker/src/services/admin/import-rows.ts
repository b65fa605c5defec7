// The pieces of an import the writer (import.ts) is made of: its options, the rows it reads
// back and writes, the URL rewrite rules, and the chunking of rows under D1's statement size.
import type { CommentImportRow } from "../../db/import.ts";
import type { ImportComment } from "../../import/model.ts";
import { avatarSeed } from "../../lib/avatar.ts";
import type { Keys } from "../../lib/keys.ts";
import { utf8Length } from "../../lib/utf8.ts";
import { RENDERER_VERSION, renderMarkdown } from "../../render/markdown.ts";

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
  keys: Keys;
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

/** The stored row of a comment at its place. */
export async function commentRow(
  c: ImportComment,
  spot: Spot,
  parent: Spot | undefined,
  q: ImportOptions,
): Promise<CommentImportRow> {
  const email = c.author.email?.toLowerCase() ?? null;
  return {
    id: spot.id,
    threadId: spot.thread,
    siteId: q.siteId,
    parentId: parent?.id ?? null,
    rootId: spot.root,
    path: spot.path,
    depth: spot.depth,
    status: c.status,
    pinned: c.pinned ? 1 : 0,
    likes: c.likes,
    authorName: c.author.name.slice(0, 80),
    authorEmail: email,
    authorWebsite: c.author.website,
    avatarSeed: await avatarSeed(q.keys, q.siteId, { email, name: c.author.name }),
    isModerator: c.author.isModerator ? 1 : 0,
    // The mark stays; the identity does not travel (identities are not exported), so the row
    // has no identity_id and no session can edit it.
    authorVerified: c.author.verified,
    text: c.text,
    // An empty text (a placeholder) has nothing to render; the schema's 1-character rule is for new posts.
    html: c.text === "" ? "" : renderMarkdown(c.text),
    rendererVersion: RENDERER_VERSION,
    moderationReasons: JSON.stringify(c.reasons),
    sourceId: c.sourceId,
    sourceKind: c.remote?.kind ?? null,
    sourceUrl: c.remote?.url ?? null,
    sourceHandle: c.remote?.handle ?? null,
    remoteId: c.remote?.id ?? null,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
  };
}
