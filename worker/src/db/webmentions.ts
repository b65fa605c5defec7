// Received Webmentions (migration 0013): one row per (site, source, target), the status a sender
// reads at GET /api/v1/webmention/:id, and the likes and reposts a page's counts are made from.
import type { MentionKind, MentionStatus, WebmentionStatus } from "../../../shared/types.ts";
import { first, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export interface MentionRow {
  id: string;
  site_id: string;
  page_key: string;
  source: string;
  target: string;
  status: MentionStatus;
  kind: MentionKind | null;
  comment_id: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** The public status object (docs/api.md, "Webmention"). */
export const toWebmentionStatus = (r: MentionRow): WebmentionStatus => ({
  id: r.id,
  source: r.source,
  target: r.target,
  status: r.status,
  kind: r.kind,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Files a received mention as queued: a new row, or the pair's row again (same id) when the same
 * source and target were sent before. The step's value is the row's id.
 */
export function fileMention(
  db: Db,
  q: { id: string; siteId: string; pageKey: string; source: string; target: string; now: string },
): Step<string> {
  return map(
    first<{ id: string }>(
      db
        .prepare(
          `INSERT INTO webmentions (id, site_id, page_key, source, target, status, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?6)
           ON CONFLICT (site_id, source, target) DO UPDATE SET status = 'queued', error = NULL, updated_at = ?6
           RETURNING id`,
        )
        .bind(q.id, q.siteId, q.pageKey, q.source, q.target, q.now),
    ),
    (row) => row?.id ?? q.id,
  );
}

export const mentionById = (db: Db, id: string): Step<MentionRow | null> =>
  first<MentionRow>(db.prepare("SELECT * FROM webmentions WHERE id = ?1").bind(id));

/** What the verification found. */
export function settleMention(
  db: Db,
  q: {
    id: string;
    status: Exclude<MentionStatus, "queued">;
    kind: MentionKind | null;
    commentId: string | null;
    error: string | null;
    now: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE webmentions SET status = ?2, kind = ?3, comment_id = ?4, error = ?5, updated_at = ?6 WHERE id = ?1",
    )
    .bind(q.id, q.status, q.kind, q.commentId, q.error, q.now);
}

/** The pages' like and repost counts, counted again from the accepted mentions (never drift).
 * A source counts once per page, even when it names the page by two URLs (or two merged pages). */
export function recountMentions(db: Db, siteId: string, pageKeys: string[]): D1PreparedStatement {
  const count = (kind: MentionKind) =>
    `(SELECT count(DISTINCT source) FROM webmentions w WHERE w.site_id = threads.site_id
       AND w.page_key = threads.page_key AND w.kind = '${kind}' AND w.status = 'accepted')`;
  return db
    .prepare(
      // Only when a count changes: the update moves the thread's read version (migration 0013).
      `UPDATE threads SET mention_likes = ${count("like")}, mention_reposts = ${count("repost")}
       WHERE site_id = ?1 AND page_key IN (SELECT value FROM json_each(?2))
         AND (mention_likes <> ${count("like")} OR mention_reposts <> ${count("repost")})`,
    )
    .bind(siteId, JSON.stringify(pageKeys));
}

/** A thread's mentions follow it to another page (a moved URL, a merge), so its counts go along. */
export function moveMentions(
  db: Db,
  q: { siteId: string; fromKey: string; toKey: string },
): D1PreparedStatement {
  return db
    .prepare("UPDATE webmentions SET page_key = ?3 WHERE site_id = ?1 AND page_key = ?2")
    .bind(q.siteId, q.fromKey, q.toKey);
}

/** Refusals and removals are kept this long for their senders to read, then the cleanup goes. */
export function deleteSettledBefore(db: Db, before: string): D1PreparedStatement {
  return db
    .prepare("DELETE FROM webmentions WHERE status IN ('rejected', 'removed') AND updated_at < ?1")
    .bind(before);
}
