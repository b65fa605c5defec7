// Idempotent POSTs: the key row is inserted in the same batch as the comment, so a concurrent
// retry with the same key fails on the primary key and the whole batch (comment included) rolls back.
import { first, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export const IDEMPOTENCY_LOOKUP_SQL = `SELECT comment_id, body, request_hash FROM idempotency_keys
  WHERE site_id = ?1 AND key = ?2 AND created_at > ?3`;

export interface StoredAnswer {
  comment_id: string;
  body: string;
  /** SHA-256 of the request that made the answer ('' for rows from before it was kept). */
  request_hash: string;
}

/** The first answer under this key, while it lives. */
export function storedAnswer(db: Db, siteId: string, key: string, since: string): Step<StoredAnswer | null> {
  return first<StoredAnswer>(db.prepare(IDEMPOTENCY_LOOKUP_SQL).bind(siteId, key, since));
}

/**
 * Frees an expired key for reuse, then claims it for the comment just inserted in the same batch.
 * The claim fails (and the batch rolls back) if the key is live.
 */
export function claimKey(
  db: Db,
  q: {
    siteId: string;
    key: string;
    commentId: string;
    body: string;
    requestHash: string;
    now: string;
    since: string;
  },
): D1PreparedStatement[] {
  return [
    db
      .prepare("DELETE FROM idempotency_keys WHERE site_id = ?1 AND key = ?2 AND created_at <= ?3")
      .bind(q.siteId, q.key, q.since),
    db
      .prepare(
        `INSERT INTO idempotency_keys (site_id, key, comment_id, body, created_at, request_hash)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM comments WHERE id = ?3)`,
      )
      .bind(q.siteId, q.key, q.commentId, q.body, q.now, q.requestHash),
  ];
}

export function isKeyConflict(err: unknown): boolean {
  return /UNIQUE constraint failed: idempotency_keys/.test(String(err));
}
