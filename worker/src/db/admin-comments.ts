// Moderators' reads and writes of comments. Status changes are set-based over a JSON array of
// ids, so one change and a bulk change of 100 are the same few statements, and the counters are
// corrected from each comment's status as it is inside the batch (never from a stale read).

import type { AdminComment, AdminStatus } from "../../../shared/admin-types.ts";
import { type CommentRow, PUBLIC_COLUMNS, toPublicComment } from "./comments.ts";
import type { Db } from "./database.ts";

interface AdminRow extends CommentRow {
  text: string;
  author_email: string | null;
  network_hash: string | null;
  moderation_reasons: string;
  thread_url: string | null;
  thread_title: string | null;
}

const ADMIN_COLUMNS = `${PUBLIC_COLUMNS}, c.text, c.author_email, c.network_hash, c.moderation_reasons,
  t.url AS thread_url, t.title AS thread_title`;

export function toAdminComment(row: AdminRow): AdminComment {
  // The public mapper hides a deleted comment's author and html; moderators see the row as it is.
  const pub = toPublicComment({ ...row, status: "approved" });
  return {
    ...pub,
    status: row.status as AdminStatus,
    site: row.site_id,
    threadId: row.thread_id,
    threadUrl: row.thread_url,
    threadTitle: row.thread_title,
    pinned: row.pinned === 1,
    authorEmail: row.author_email,
    networkHash: row.network_hash,
    moderationReasons: JSON.parse(row.moderation_reasons) as string[],
    text: row.text,
  };
}

export interface AdminCommentQuery {
  sites: string[] | null;
  status: AdminStatus | "all";
  pageKey: string | null;
  like: string | null;
  cursor: string | null;
  limit: number;
}

export async function listAdminComments(db: Db, q: AdminCommentQuery): Promise<AdminComment[]> {
  const { results } = await db
    .prepare(
      `SELECT ${ADMIN_COLUMNS} FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE (?1 IS NULL OR c.site_id IN (SELECT value FROM json_each(?1)))
         AND (?2 = 'all' OR c.status = ?2)
         AND (?3 IS NULL OR t.page_key = ?3)
         AND (?4 IS NULL OR c.text LIKE ?4 ESCAPE '\\' OR c.author_name LIKE ?4 ESCAPE '\\'
              OR c.author_email LIKE ?4 ESCAPE '\\')
         AND (?5 IS NULL OR c.id < ?5)
       ORDER BY c.id DESC LIMIT ?6`,
    )
    .bind(q.sites ? JSON.stringify(q.sites) : null, q.status, q.pageKey, q.like, q.cursor, q.limit)
    .all<AdminRow>();
  return results.map(toAdminComment);
}

export function selectAdminComment(db: Db, id: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${ADMIN_COLUMNS} FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = ?1`)
    .bind(id);
}

export function adminCommentFrom(result: D1Result | undefined): AdminComment | null {
  const row = result?.results?.[0] as AdminRow | undefined;
  return row ? toAdminComment(row) : null;
}

/** Which of these ids exist on these sites (null: any site). */
export async function idsInScope(
  db: Db,
  ids: string[],
  sites: string[] | null,
): Promise<{ id: string; site_id: string }[]> {
  const { results } = await db
    .prepare(
      `SELECT id, site_id FROM comments WHERE id IN (SELECT value FROM json_each(?1))
         AND (?2 IS NULL OR site_id IN (SELECT value FROM json_each(?2)))`,
    )
    .bind(JSON.stringify(ids), sites ? JSON.stringify(sites) : null)
    .all<{ id: string; site_id: string }>();
  return results;
}

const IDS = "(SELECT value FROM json_each(?1))";
// +1 for each listed comment becoming approved, -1 for each leaving approved, given ?2 = new status.
const DELTA = (scope: string) => `(SELECT COALESCE(SUM(CASE
    WHEN c.status <> 'approved' AND ?2 = 'approved' THEN 1
    WHEN c.status = 'approved' AND ?2 <> 'approved' THEN -1 ELSE 0 END), 0)
  FROM comments c WHERE c.id IN ${IDS} AND ${scope})`;

/**
 * Statements that set `status` on the listed comments, with every counter corrected first. The
 * last one returns the ids it changed (its `meta.changes` also counts the version triggers' rows).
 */
export function setStatus(
  db: Db,
  q: { ids: string[]; status: AdminStatus; reason: string; now: string },
): D1PreparedStatement[] {
  const ids = JSON.stringify(q.ids);
  return [
    db
      .prepare(
        `UPDATE threads SET comment_count = comment_count + ${DELTA("c.thread_id = threads.id")}, updated_at = ?3
         WHERE id IN (SELECT thread_id FROM comments WHERE id IN ${IDS})`,
      )
      .bind(ids, q.status, q.now),
    db
      .prepare(
        `UPDATE comments SET reply_count = reply_count + ${DELTA("c.parent_id = comments.id")}
         WHERE id IN (SELECT parent_id FROM comments WHERE id IN ${IDS})`,
      )
      .bind(ids, q.status),
    db
      .prepare(
        `UPDATE comments SET status = ?2, updated_at = ?3,
           moderation_reasons = json_insert(moderation_reasons, '$[#]', ?4)
         WHERE id IN ${IDS} AND status <> ?2
         RETURNING id`,
      )
      .bind(ids, q.status, q.now, q.reason),
  ];
}

export function setPinned(db: Db, id: string, pinned: boolean, now: string): D1PreparedStatement {
  return db
    .prepare("UPDATE comments SET pinned = ?2, updated_at = ?3 WHERE id = ?1")
    .bind(id, pinned ? 1 : 0, now);
}

export function setText(db: Db, q: { id: string; text: string; html: string; version: number; now: string }) {
  return db
    .prepare(
      "UPDATE comments SET text = ?2, html = ?3, renderer_version = ?4, edited_at = ?5, updated_at = ?5 WHERE id = ?1",
    )
    .bind(q.id, q.text, q.html, q.version, q.now);
}

/**
 * Erases a comment for good: counters first (while it is still approved), then a placeholder
 * without any personal data when it has replies, else removal with its likes.
 */
export function erase(db: Db, id: string, now: string): D1PreparedStatement[] {
  const hasChildren = "EXISTS (SELECT 1 FROM comments k WHERE k.parent_id = ?1)";
  return [
    ...setStatus(db, { ids: [id], status: "deleted", reason: "erased", now }),
    db
      .prepare(
        `UPDATE comments SET status = 'deleted', text = '', html = '', author_name = '', author_email = NULL,
           author_website = NULL, avatar_seed = '', edit_token_hash = NULL, network_hash = NULL,
           moderation_reasons = '[]', updated_at = ?2
         WHERE id = ?1 AND ${hasChildren}`,
      )
      .bind(id, now),
    db.prepare(`DELETE FROM likes WHERE comment_id = ?1 AND NOT ${hasChildren}`).bind(id),
    db.prepare(`DELETE FROM comments WHERE id = ?1 AND NOT ${hasChildren}`).bind(id),
    // A stored first answer repeats the author's name and text; it goes too.
    db.prepare("DELETE FROM idempotency_keys WHERE comment_id = ?1").bind(id),
  ];
}
