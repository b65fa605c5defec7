// Status changes of comments, the SQL half of the moderation module (services/moderation/). Set-
// based over a JSON array of ids, so one change and a bulk change of 100 are the same statements;
// counters are corrected from each comment's status as it is inside the batch (never from a stale
// read), and the facts of each comment are read in the same batch, before the change, so the
// transitions the module reports are exactly the changes the batch made.
import type { CommentStatus } from "../../../shared/types.ts";
import { all, type Step, thenAll } from "./batch.ts";
import type { Db } from "./database.ts";

/** What the effects of a transition need to know of a comment (mails, webhooks, Akismet). */
export interface CommentFacts {
  id: string;
  siteId: string;
  parentId: string | null;
  status: CommentStatus;
  authorName: string;
  email: string | null;
  website: string | null;
  text: string;
  notifyReplies: boolean;
  updatedAt: string;
  pageUrl: string | null;
  pageTitle: string | null;
  /** The thread's page key: with siteId, names the thread's live channel (worker/src/live/). */
  pageKey: string;
}

export interface FactsRow {
  id: string;
  site_id: string;
  parent_id: string | null;
  status: CommentStatus;
  author_name: string;
  author_email: string | null;
  author_website: string | null;
  text: string;
  notify_replies: number;
  updated_at: string;
  page_url: string | null;
  page_title: string | null;
  page_key: string;
}

const toFacts = (r: FactsRow): CommentFacts => ({
  id: r.id,
  siteId: r.site_id,
  parentId: r.parent_id,
  status: r.status,
  authorName: r.author_name,
  email: r.author_email,
  website: r.author_website,
  text: r.text,
  notifyReplies: r.notify_replies === 1,
  updatedAt: r.updated_at,
  pageUrl: r.page_url,
  pageTitle: r.page_title,
  pageKey: r.page_key,
});

const IDS = "(SELECT value FROM json_each(?1))";

export const FACTS_SQL = `SELECT c.id, c.site_id, c.parent_id, c.status, c.author_name, c.author_email,
    c.author_website, c.text, c.notify_replies, c.updated_at, t.url AS page_url, t.title AS page_title,
    t.page_key
  FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id IN ${IDS}`;

/** The facts of these comments as they are now (before the statements after it in a batch). */
export function selectFacts(db: Db, ids: string[]): Step<CommentFacts[]> {
  const step = all<FactsRow>(db.prepare(FACTS_SQL).bind(JSON.stringify(ids)));
  return { statements: step.statements, read: (r) => step.read(r).map(toFacts) };
}

export interface StatusChange {
  ids: string[];
  status: CommentStatus;
  /** Appended to each changed comment's moderation reasons. */
  reasons: string[];
  now: string;
  /** Set when a moderator decides: the author's edit window closes (api.md). */
  moderated: boolean;
  /** Only comments in one of these statuses change (null: any other status than the new one). */
  onlyFrom?: CommentStatus[] | null;
  /** Only a comment whose `updated_at` is still this changes (single-use mail links). */
  unchangedSince?: string | null;
  /** Only a comment no moderator has acted on changes (the author's own edit and delete). */
  unmoderatedOnly?: boolean;
}

// ?2 new status, ?5 JSON array of allowed old statuses or NULL, ?6 expected updated_at or NULL,
// ?7 1 when no moderator may have acted yet.
const CHANGES = `c.status <> ?2 AND (?5 IS NULL OR c.status IN (SELECT value FROM json_each(?5)))
  AND (?6 IS NULL OR c.updated_at = ?6) AND (?7 = 0 OR c.moderated_at IS NULL)`;
// +1 for each listed comment becoming approved, -1 for each leaving approved.
const DELTA = (scope: string) => `(SELECT COALESCE(SUM(CASE
    WHEN c.status <> 'approved' AND ?2 = 'approved' THEN 1
    WHEN c.status = 'approved' AND ?2 <> 'approved' THEN -1 ELSE 0 END), 0)
  FROM comments c WHERE c.id IN ${IDS} AND ${scope} AND ${CHANGES})`;

/** SQL appending the JSON array `param` to the stored reasons, keeping both orders (both compact). */
export const appendReasonsSql = (
  param: string,
) => `CASE WHEN json_array_length(${param}) = 0 THEN moderation_reasons
    WHEN json_array_length(moderation_reasons) = 0 THEN json(${param})
    ELSE substr(moderation_reasons, 1, length(moderation_reasons) - 1) || ',' || substr(json(${param}), 2) END`;

/**
 * Statements that change the status of the listed comments, every counter corrected first; the
 * step's value is the ids that changed (from `RETURNING`: `meta.changes` also counts the rows the
 * version triggers touched).
 */
export function changeStatus(db: Db, q: StatusChange): Step<{ id: string }[]> {
  const args = [
    JSON.stringify(q.ids),
    q.status,
    q.now,
    JSON.stringify(q.reasons),
    q.onlyFrom ? JSON.stringify(q.onlyFrom) : null,
    q.unchangedSince ?? null,
    q.unmoderatedOnly ? 1 : 0,
  ];
  return thenAll(
    [
      db
        .prepare(
          `UPDATE threads SET comment_count = comment_count + ${DELTA("c.thread_id = threads.id")}, updated_at = ?3
           WHERE id IN (SELECT thread_id FROM comments WHERE id IN ${IDS})`,
        )
        .bind(...args),
      db
        .prepare(
          `UPDATE comments SET reply_count = reply_count + ${DELTA("c.parent_id = comments.id")}
           WHERE id IN (SELECT parent_id FROM comments WHERE id IN ${IDS})`,
        )
        .bind(...args),
    ],
    db
      .prepare(
        `UPDATE comments AS c SET status = ?2, updated_at = ?3,
           moderated_at = CASE WHEN ?8 = 1 THEN ?3 ELSE c.moderated_at END,
           moderation_reasons = ${appendReasonsSql("?4")}
         WHERE c.id IN ${IDS} AND ${CHANGES}
         RETURNING id`,
      )
      .bind(...args, q.moderated ? 1 : 0),
  );
}

/**
 * Marks the listed comments as acted on by a moderator, whether or not their status changed (an
 * approval of a published comment is a review too). With `unchangedSince` (a mail link), only a
 * comment this batch changed at `now` is marked.
 */
export function markModerated(db: Db, q: { ids: string[]; now: string; unchangedSince?: string | null }) {
  return db
    .prepare(`UPDATE comments SET moderated_at = ?2 WHERE id IN ${IDS} AND (?3 IS NULL OR updated_at = ?2)`)
    .bind(JSON.stringify(q.ids), q.now, q.unchangedSince ?? null);
}
