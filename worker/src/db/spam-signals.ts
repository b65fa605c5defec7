// What the spam checks need to know from D1, read in the same batch as the rest of a POST, and
// the rate-limit counters, bumped in the same batch as the comment they count.
import type { Db } from "./database.ts";

export const DUPLICATE_BY_EMAIL_SQL = `SELECT 1 AS dup FROM comments
  WHERE site_id = ?1 AND author_email = ?2 AND text = ?3 AND created_at > ?4 LIMIT 1`;
export const DUPLICATE_BY_NETWORK_SQL = `SELECT 1 AS dup FROM comments
  WHERE site_id = ?1 AND network_hash = ?2 AND text = ?3 AND created_at > ?4 LIMIT 1`;

/** The same text from the same author (by email, else network) since `since`. */
export function selectDuplicate(
  db: Db,
  q: { siteId: string; email: string | null; network: string | null; text: string; since: string },
): D1PreparedStatement {
  return q.email
    ? db.prepare(DUPLICATE_BY_EMAIL_SQL).bind(q.siteId, q.email, q.text, q.since)
    : db.prepare(DUPLICATE_BY_NETWORK_SQL).bind(q.siteId, q.network ?? "", q.text, q.since);
}

export interface RateWindow {
  key: string;
  start: number;
}

export const RATE_COUNTS_SQL = `SELECT key, count FROM rate_limits
  WHERE (key = ?1 AND window_start = ?2) OR (key = ?3 AND window_start = ?4)`;

export function selectRateCounts(db: Db, minute: RateWindow, hour: RateWindow): D1PreparedStatement {
  return db.prepare(RATE_COUNTS_SQL).bind(minute.key, minute.start, hour.key, hour.start);
}

/** One atomic increment per window: the row is created at 1 or its count goes up by one. */
export function bumpRate(db: Db, w: RateWindow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1`,
    )
    .bind(w.key, w.start);
}
