// Bulk writes for imports. Rows travel as one JSON array parameter per statement (json_each), so
// a chunk of hundreds of rows is one statement: within D1's 100 bound parameters and far under
// its 1,000 statements per invocation. Existing rows (same id, same source id, or same page)
// are left alone, which makes importing the same file twice add nothing.
import type { SourceKind, VerifiedBy } from "../../../shared/types.ts";
import type { Db } from "./database.ts";

export interface ThreadImportRow {
  id: string;
  siteId: string;
  key: string;
  url: string | null;
  title: string | null;
  locked: boolean;
  createdAt: string;
}

export function insertThreads(db: Db, rows: ThreadImportRow[], now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO threads (id, site_id, page_key, url, title, locked, created_at, updated_at)
       SELECT json_extract(value, '$.id'), json_extract(value, '$.siteId'), json_extract(value, '$.key'),
         json_extract(value, '$.url'), json_extract(value, '$.title'), json_extract(value, '$.locked'),
         json_extract(value, '$.createdAt'), ?2
       FROM json_each(?1) WHERE true
       ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(rows.map((r) => ({ ...r, locked: r.locked ? 1 : 0 }))), now);
}

export interface LinkImportRow {
  id: string;
  threadId: string;
  siteId: string;
  kind: string;
  url: string;
}

/** Linked posts, keeping their ids. */
export function insertLinks(db: Db, rows: LinkImportRow[], now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO social_links (id, thread_id, site_id, kind, url, created_at)
       SELECT json_extract(value, '$.id'), json_extract(value, '$.threadId'), json_extract(value, '$.siteId'),
         json_extract(value, '$.kind'), json_extract(value, '$.url'), ?2
       FROM json_each(?1) WHERE true
       ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(rows), now);
}

export interface MentionImportRow {
  id: string;
  siteId: string;
  key: string;
  kind: "like" | "repost";
  source: string;
  target: string;
  createdAt: string;
}

/** Accepted likes and reposts; a source and target already known are left alone. */
export function insertMentions(db: Db, rows: MentionImportRow[], now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webmentions (id, site_id, page_key, source, target, status, kind, created_at, updated_at)
       SELECT json_extract(value, '$.id'), json_extract(value, '$.siteId'), json_extract(value, '$.key'),
         json_extract(value, '$.source'), json_extract(value, '$.target'), 'accepted',
         json_extract(value, '$.kind'), json_extract(value, '$.createdAt'), ?2
       FROM json_each(?1) WHERE true
       ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(rows), now);
}

export function threadIdsByKey(db: Db, siteId: string, keys: string[]): D1PreparedStatement {
  return db
    .prepare(
      "SELECT id, page_key FROM threads WHERE site_id = ?1 AND page_key IN (SELECT value FROM json_each(?2))",
    )
    .bind(siteId, JSON.stringify(keys));
}

export interface CommentImportRow {
  id: string;
  threadId: string;
  siteId: string;
  parentId: string | null;
  rootId: string;
  path: string;
  depth: number;
  status: string;
  pinned: number;
  likes: number;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  avatarSeed: string;
  isModerator: number;
  authorVerified: VerifiedBy | null;
  text: string;
  html: string;
  rendererVersion: number;
  moderationReasons: string;
  sourceId: string | null;
  sourceKind: SourceKind | null;
  sourceUrl: string | null;
  sourceHandle: string | null;
  remoteId: string | null;
  createdAt: string;
  editedAt: string | null;
}

export function insertComments(db: Db, rows: CommentImportRow[], now: string): D1PreparedStatement {
  const f = (k: keyof CommentImportRow) => `json_extract(value, '$.${k}')`;
  return db
    .prepare(
      `INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, pinned, likes,
         author_name, author_email, author_website, avatar_seed, is_moderator, author_verified, text, html,
         renderer_version, moderation_reasons, source_id, created_at, edited_at, updated_at, source_kind, source_url,
         source_handle, remote_id)
       SELECT ${f("id")}, ${f("threadId")}, ${f("siteId")}, ${f("parentId")}, ${f("rootId")}, ${f("path")},
         ${f("depth")}, ${f("status")}, ${f("pinned")}, ${f("likes")}, ${f("authorName")}, ${f("authorEmail")},
         ${f("authorWebsite")}, ${f("avatarSeed")}, ${f("isModerator")}, ${f("authorVerified")}, ${f("text")}, ${f("html")},
         ${f("rendererVersion")}, ${f("moderationReasons")}, ${f("sourceId")}, ${f("createdAt")}, ${f("editedAt")}, ?2,
         ${f("sourceKind")}, ${f("sourceUrl")}, ${f("sourceHandle")}, ${f("remoteId")}
       FROM json_each(?1) WHERE true
       ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(rows), now);
}

/** What is already stored of these comments (by id or by source id), to skip and to link replies. */
export function existingComments(db: Db, siteId: string, ids: string[], sourceIds: string[]) {
  return db
    .prepare(
      `SELECT id, source_id, thread_id, root_id, path, depth FROM comments
       WHERE id IN (SELECT value FROM json_each(?2))
          OR (site_id = ?1 AND source_id IN (SELECT value FROM json_each(?3)))`,
    )
    .bind(siteId, JSON.stringify(ids), JSON.stringify(sourceIds));
}

/** Recounts the comment totals of the threads an import touched (replies: `import-counts.ts`). */
export function recountThreads(db: Db, threadIds: string[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE threads SET comment_count =
         (SELECT COUNT(*) FROM comments c WHERE c.thread_id = threads.id AND c.status = 'approved')
       WHERE id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(threadIds));
}
