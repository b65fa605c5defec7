// Moderators' reads and writes of comments (status changes: status-changes.ts).

import type { AdminComment, AdminStatus } from "../../../shared/admin-types.ts";
import { first, map, type Step } from "./batch.ts";
import { type CommentRow, PUBLIC_COLUMNS, toPublicComment } from "./comments.ts";
import type { Db } from "./database.ts";

export interface AdminRow extends CommentRow {
  text: string;
  author_email: string | null;
  network_hash: string | null;
  moderation_reasons: string;
  thread_url: string | null;
  thread_title: string | null;
  identity_id: string | null;
}

const ADMIN_COLUMNS = `${PUBLIC_COLUMNS}, c.text, c.author_email, c.network_hash, c.moderation_reasons,
  t.url AS thread_url, t.title AS thread_title, c.identity_id`;

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
    identityId: row.identity_id,
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

/** A comment as moderators see it, or null. */
export function adminComment(db: Db, id: string): Step<AdminComment | null> {
  const statement = db
    .prepare(`SELECT ${ADMIN_COLUMNS} FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = ?1`)
    .bind(id);
  return map(first<AdminRow>(statement), (row) => (row ? toAdminComment(row) : null));
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

export function setPinned(db: Db, id: string, pinned: boolean, now: string): D1PreparedStatement {
  return db
    .prepare("UPDATE comments SET pinned = ?2, updated_at = ?3, moderated_at = ?3 WHERE id = ?1")
    .bind(id, pinned ? 1 : 0, now);
}

export function setText(db: Db, q: { id: string; text: string; html: string; version: number; now: string }) {
  return db
    .prepare(
      `UPDATE comments SET text = ?2, html = ?3, renderer_version = ?4, edited_at = ?5, updated_at = ?5,
         moderated_at = ?5 WHERE id = ?1`,
    )
    .bind(q.id, q.text, q.html, q.version, q.now);
}
