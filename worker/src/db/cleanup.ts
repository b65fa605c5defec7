// The daily privacy cleanup (a Cron Trigger): what is only needed for a while is not kept longer.
import { deleteExpiredBans } from "./bans.ts";
import { all, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";
import { deleteExpiredCodes } from "./email-codes.ts";
import { deleteEndedSlots } from "./rate-slots.ts";
import { deleteSettledBefore } from "./webmentions.ts";

const BATCH = 5_000;

/**
 * Idempotency answers older than 24 hours, rate-limit windows that have ended, and notification
 * addresses taken off a site's list whose last confirmation mail no longer counts against the
 * daily limit (also 24 hours; db/notify-requests.ts), waiting ones never confirmed whose last
 * link went out NOTIFY_PENDING_DAYS ago (services/cleanup.ts), bans that expired EXPIRED_BAN_DAYS
 * ago (listed that long, so moderators see what lapsed), and sign-in ceremonies that expired
 * (they live 10 minutes; db/auth-challenges.ts) more than a day ago. Sign-in codes and reader
 * sessions past their expiry; then the identities left with neither a comment nor a live
 * session, untouched for a day (a reader who signed in and never posted leaves nothing behind;
 * the day keeps a sign-in in flight, whose session is written just after its identity).
 */
export function expireShortLived(
  db: Db,
  q: { keysBefore: string; windowsBefore: number; now: string; pendingBefore: string; bansBefore: string },
) {
  return [
    deleteExpiredBans(db, q.bansBefore),
    deleteExpiredCodes(db, q.now),
    db.prepare("DELETE FROM reader_sessions WHERE expires_at < ?1").bind(q.now),
    db
      .prepare(
        `DELETE FROM identities WHERE updated_at < ?1
           AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.identity_id = identities.id)
           AND NOT EXISTS (SELECT 1 FROM reader_sessions s WHERE s.identity_id = identities.id)`,
      )
      .bind(q.keysBefore),
    db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?1").bind(q.keysBefore),
    deleteEndedSlots(db, q.windowsBefore),
    db
      .prepare(
        `DELETE FROM notify_email_requests
         WHERE withdrawn_at IS NOT NULL AND (mailed_at IS NULL OR mailed_at < ?1)`,
      )
      .bind(q.keysBefore),
    // A waiting address that never confirmed: its link died after 3 days; its owner never agreed
    // to be stored, so it goes a few days later (the moderators saw it waiting meanwhile).
    db
      .prepare(
        `DELETE FROM notify_email_requests
         WHERE withdrawn_at IS NULL AND COALESCE(mailed_at, requested_at) < ?1`,
      )
      .bind(q.pendingBefore),
    db.prepare("DELETE FROM auth_challenges WHERE expires_at < ?1").bind(q.keysBefore),
  ];
}

/**
 * Mails, webhook delivery records and refused or removed Webmentions (their status, kept for their
 * senders to read) past the outbox retention; reply subscriptions whose
 * address has no comment left on the site (nothing can be replied to) once a day has passed
 * since the address was last asked or confirmed, so a pending confirmation keeps its row.
 */
export function expireNotifications(db: Db, q: { before: string; dayAgo: string }) {
  return [
    db.prepare("DELETE FROM outbox WHERE created_at < ?1").bind(q.before),
    db.prepare("DELETE FROM webhook_deliveries WHERE created_at < ?1").bind(q.before),
    deleteSettledBefore(db, q.before),
    db
      .prepare(
        `DELETE FROM reply_subscriptions WHERE COALESCE(confirmed_at, asked_at, created_at) < ?1
           AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.site_id = reply_subscriptions.site_id
             AND c.author_email = reply_subscriptions.email)`,
      )
      .bind(q.dayAgo),
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

/** Spam comments that became spam before `before`, oldest first, at most `limit`. */
export function spamBefore(db: Db, before: string, limit: number): Step<{ id: string; siteId: string }[]> {
  return map(
    all<{ id: string; site_id: string }>(
      db
        .prepare(
          `SELECT id, site_id FROM comments INDEXED BY comments_spam_since
           WHERE status = 'spam' AND updated_at < ?1 ORDER BY updated_at LIMIT ?2`,
        )
        .bind(before, limit),
    ),
    (rows) => rows.map((r) => ({ id: r.id, siteId: r.site_id })),
  );
}
