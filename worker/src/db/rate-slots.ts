// Rate limits that cannot be raced: one UPSERT checks both windows of a key and takes a slot in
// the same statement, so 50 parallel requests against a limit of 5 get exactly 5 slots. A taken
// slot is kept even when the request is refused later (it counts attempts, not comments).
import type { Step } from "./batch.ts";
import type { Db } from "./database.ts";

/** Where a limit comes from: a site's settings (posts) or fixed numbers (likes). 0 turns it off. */
export type Limits = { siteId: string } | { perMinute: number; perHour: number };

type LimitSql = readonly [minute: string, hour: string];
const SITE_LIMITS: LimitSql = [
  "COALESCE((SELECT rate_limit_per_minute FROM sites WHERE id = ?4), 0)",
  "COALESCE((SELECT rate_limit_per_hour FROM sites WHERE id = ?4), 0)",
];
const FIXED_LIMITS: LimitSql = ["?4", "?5"];

const reserveSql = ([minute, hour]: LimitSql) => `INSERT INTO rate_slots
    (key, minute_start, minute_count, hour_start, hour_count) VALUES (?1, ?2, 1, ?3, 1)
  ON CONFLICT (key) DO UPDATE SET
    minute_count = CASE WHEN minute_start = excluded.minute_start THEN minute_count + 1 ELSE 1 END,
    minute_start = excluded.minute_start,
    hour_count = CASE WHEN hour_start = excluded.hour_start THEN hour_count + 1 ELSE 1 END,
    hour_start = excluded.hour_start
  WHERE (${minute} = 0 OR minute_start <> excluded.minute_start OR minute_count < ${minute})
    AND (${hour} = 0 OR hour_start <> excluded.hour_start OR hour_count < ${hour})
  RETURNING minute_count`;

// Read after the reservation in the same batch: whether the hour window is the full one.
const hourFullSql = ([, hour]: LimitSql) => `SELECT ${hour} > 0 AND hour_start = ?3 AND hour_count >= ${hour}
    AS hour_full FROM rate_slots WHERE key = ?1`;

export const RESERVE_SITE_SQL = reserveSql(SITE_LIMITS);
export const RESERVE_FIXED_SQL = reserveSql(FIXED_LIMITS);

/** Whether a slot was taken; when not, the seconds until the full window ends. */
export interface Reservation {
  ok: boolean;
  retryAfter: number;
}

/** Takes a slot for `key` now, or none when a window is full. */
export function reserveSlot(db: Db, q: { key: string; limits: Limits; nowMs: number }): Step<Reservation> {
  const s = Math.floor(q.nowMs / 1000);
  const windows = [q.key, s - (s % 60), s - (s % 3600)] as const;
  const [sql, binds] =
    "siteId" in q.limits
      ? [SITE_LIMITS, [q.limits.siteId]]
      : [FIXED_LIMITS, [q.limits.perMinute, q.limits.perHour]];
  return {
    statements: [
      db.prepare(reserveSql(sql)).bind(...windows, ...binds),
      db.prepare(hourFullSql(sql)).bind(...windows, ...binds),
    ],
    read: ([taken, check]) => {
      if ((taken?.results?.length ?? 0) > 0) return { ok: true, retryAfter: 0 };
      const hourFull = (check?.results?.[0] as { hour_full: number } | undefined)?.hour_full === 1;
      return { ok: false, retryAfter: hourFull ? 3600 - (s % 3600) : 60 - (s % 60) };
    },
  };
}

/** Windows whose hour has ended are no longer needed (the daily cleanup). */
export function deleteEndedSlots(db: Db, beforeHour: number): D1PreparedStatement {
  return db.prepare("DELETE FROM rate_slots WHERE hour_start < ?1").bind(beforeHour);
}
