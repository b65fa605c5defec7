// Reactions: the reaction row and the target's counts change in one batch. The counts are
// recounted from the reactions of that one target (a primary-key range), so a retried or
// concurrent call can never make them drift.
import { type Step, thenAll } from "./batch.ts";
import type { Db } from "./database.ts";

/** What a reader reacts to: a comment by its id, or a page by its site and page key. */
export type ReactionTarget =
  | { kind: "comment"; commentId: string }
  | { kind: "page"; siteId: string; key: string };

// The target's id: the comment's own, or the thread of the page (null without one).
const TARGET_ID: Record<ReactionTarget["kind"], string> = {
  comment: "?1",
  page: "(SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2)",
};
// Where a reaction may change: an approved comment, or any thread of the site.
const TARGET_OPEN: Record<ReactionTarget["kind"], string> = {
  comment: "EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'approved')",
  page: "EXISTS (SELECT 1 FROM threads WHERE site_id = ?1 AND page_key = ?2)",
};

const COUNTS = (kind: string) => `(SELECT json_group_object(emoji, n) FROM (SELECT emoji, COUNT(*) AS n
    FROM reactions WHERE kind = '${kind}' AND target = ${TARGET_ID[kind as ReactionTarget["kind"]]}
    GROUP BY emoji ORDER BY emoji))`;

const sqlOf = (kind: ReactionTarget["kind"]) => ({
  add: `INSERT INTO reactions (kind, target, emoji, reader_hash, created_at)
    SELECT '${kind}', ${TARGET_ID[kind]}, ?3, ?4, ?5 WHERE ${TARGET_OPEN[kind]}
    ON CONFLICT (kind, target, emoji, reader_hash) DO NOTHING`,
  remove: `DELETE FROM reactions WHERE kind = '${kind}' AND target = ${TARGET_ID[kind]} AND emoji = ?3
    AND reader_hash = ?4 AND ${TARGET_OPEN[kind]}`,
  recount:
    kind === "comment"
      ? `UPDATE comments SET reactions = ${COUNTS(kind)} WHERE id = ?1 AND status = 'approved'`
      : `UPDATE threads SET reactions = ${COUNTS(kind)} WHERE site_id = ?1 AND page_key = ?2`,
  state: `SELECT ${
    kind === "comment"
      ? "(SELECT reactions FROM comments WHERE id = ?1 AND status = 'approved')"
      : "(SELECT reactions FROM threads WHERE site_id = ?1 AND page_key = ?2)"
  } AS counts,
    (SELECT json_group_array(emoji) FROM (SELECT emoji FROM reactions WHERE kind = '${kind}'
      AND target = ${TARGET_ID[kind]} AND reader_hash = ?4 ORDER BY emoji)) AS mine`,
});

export const REACTION_SQL = { comment: sqlOf("comment"), page: sqlOf("page") };

export interface ReactionState {
  /** The target's counts, or null when it is gone (deleted or held meanwhile). */
  counts: Record<string, number> | null;
  /** The emoji this reader has on the target. */
  mine: string[];
}

/**
 * Adds or removes one reaction, recounts the target and reads back its counts and this reader's
 * reactions: one round trip. A page's thread must exist (or be made earlier in the same batch).
 */
export function setReaction(
  db: Db,
  q: { target: ReactionTarget; emoji: string; readerHash: string; on: boolean; now: string },
): Step<ReactionState> {
  const sql = REACTION_SQL[q.target.kind];
  const [a, b] = q.target.kind === "comment" ? [q.target.commentId, null] : [q.target.siteId, q.target.key];
  const change = q.on
    ? db.prepare(sql.add).bind(a, b, q.emoji, q.readerHash, q.now)
    : db.prepare(sql.remove).bind(a, b, q.emoji, q.readerHash);
  const step = thenAll<{ counts: string | null; mine: string }>(
    // D1 refuses more values than a statement has parameters: a comment's recount has one.
    [
      change,
      q.target.kind === "comment" ? db.prepare(sql.recount).bind(a) : db.prepare(sql.recount).bind(a, b),
    ],
    db.prepare(sql.state).bind(a, b, null, q.readerHash),
  );
  return {
    statements: step.statements,
    read: (results) => {
      const row = step.read(results)[0];
      return {
        counts: row?.counts ? (JSON.parse(row.counts) as Record<string, number>) : null,
        mine: row ? (JSON.parse(row.mine) as string[]) : [],
      };
    },
  };
}
