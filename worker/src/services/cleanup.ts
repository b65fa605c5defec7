// The scheduled privacy cleanup: expired idempotency keys, rate windows, withdrawn notification
// addresses and waiting ones never confirmed, bans 30 days after they expired, expired sign-in codes, sessions and ceremonies and the identities they leave unused, mails and webhook records past the outbox retention (OUTBOX_RETENTION_DAYS, default
// 30), reply subscriptions of addresses with no comment left, and network hashes past each site's
// retention (default 90 days).

import { batch, exec } from "../db/batch.ts";
import {
  CLEANUP_BATCH,
  clearOldNetworkHashes,
  expireNotifications,
  expireShortLived,
} from "../db/cleanup.ts";
import type { Db } from "../db/database.ts";
import { nowIso } from "../lib/time.ts";

const DAY_MS = 24 * 3600 * 1000;
export const OUTBOX_RETENTION_DAYS = 30;
/** Days a notification address waits for its owner's confirmation after its last link (which
 * itself works 3 days, lib/signed-links.ts) before it leaves the waiting list. */
export const NOTIFY_PENDING_DAYS = 7;
/** Days an expired ban stays listed (it no longer blocks) before the cleanup removes it. */
export const EXPIRED_BAN_DAYS = 30;

export async function cleanup(
  db: Db,
  nowMs: number = Date.now(),
  outboxDays: number = OUTBOX_RETENTION_DAYS,
): Promise<{ hashesCleared: number }> {
  await batch(db, {
    shortLived: exec(
      ...expireShortLived(db, {
        keysBefore: nowIso(nowMs - DAY_MS),
        windowsBefore: Math.floor(nowMs / 1000) - 3600,
        now: nowIso(nowMs),
        pendingBefore: nowIso(nowMs - NOTIFY_PENDING_DAYS * DAY_MS),
        bansBefore: nowIso(nowMs - EXPIRED_BAN_DAYS * DAY_MS),
      }),
    ),
    notifications: exec(
      ...expireNotifications(db, {
        before: nowIso(nowMs - outboxDays * DAY_MS),
        dayAgo: nowIso(nowMs - DAY_MS),
      }),
    ),
  });
  let hashesCleared = 0;
  // Bounded rounds keep one run inside the Workers limits; the next day continues.
  for (let round = 0; round < 20; round++) {
    const cleared = await clearOldNetworkHashes(db, nowIso(nowMs));
    hashesCleared += cleared;
    if (cleared < CLEANUP_BATCH) break;
  }
  return { hashesCleared };
}

/** The outbox retention in days from the worker's setting (a whole number ≥ 1), else 30. */
export function outboxRetention(setting: string | undefined): number {
  const days = Number(setting);
  return Number.isInteger(days) && days >= 1 ? days : OUTBOX_RETENTION_DAYS;
}
