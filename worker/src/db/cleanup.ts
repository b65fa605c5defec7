// The daily privacy cleanup (a Cron Trigger): what is only needed for a while is not kept longer.
import type { Db } from "./database.ts";

const BATCH = 5_000;

/**
 * Idempotency answers older than 24 hours, rate-limit windows that have ended, and notification
 * addresses taken off a site's list whose last confirmation mail no longer counts against the
 * daily limit (also 24 hours; db/notify-requests.ts).
 */
export function expireShortLived(db: Db, q: { keysBefore: string; windowsBefore: number }) {
  return [
    db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?1").bind(q.keysBefore),
    db.prepare("DELETE FROM rate_limits WHERE window_start < ?1").bind(q.windowsBefore),
    db
      .prepare(
        `DELETE FROM notify_email_requests
         WHERE withdrawn_at IS NOT NULL AND (mailed_at IS NULL OR mailed_at < ?1)`,
      )
      .bind(q.keysBefore),
  ];
}

/**
 * Clears network hashes of comments older than their site's retention, a bounded number per
 * statement (D1 limits); returns how many were cleared so the caller can repeat.
 */
export async function clearOldNetworkHashes(db: Db, now: string): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE comments SET network_hash = NULL WHERE id IN (
         SELECT c.id FROM comments c JOIN sites s ON s.id = c.site_id
         WHERE c.network_hash IS NOT NULL
           AND c.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?1, '-' || s.retention_days || ' days')
         LIMIT ?2)`,
    )
    .bind(now, BATCH)
    .run();
  return result.meta.changes;
}

export const CLEANUP_BATCH = BATCH;
