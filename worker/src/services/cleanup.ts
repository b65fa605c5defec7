// The scheduled privacy cleanup: expired idempotency keys, rate windows and withdrawn notification
// addresses, and network hashes past each site's retention (default 90 days).

import { CLEANUP_BATCH, clearOldNetworkHashes, expireShortLived } from "../db/cleanup.ts";
import type { Db } from "../db/database.ts";
import { nowIso } from "../lib/time.ts";

export async function cleanup(db: Db, nowMs: number = Date.now()): Promise<{ hashesCleared: number }> {
  await db.batch(
    expireShortLived(db, {
      keysBefore: nowIso(nowMs - 24 * 3600 * 1000),
      windowsBefore: Math.floor(nowMs / 1000) - 3600,
    }),
  );
  let hashesCleared = 0;
  // Bounded rounds keep one run inside the Workers limits; the next day continues.
  for (let round = 0; round < 20; round++) {
    const cleared = await clearOldNetworkHashes(db, nowIso(nowMs));
    hashesCleared += cleared;
    if (cleared < CLEANUP_BATCH) break;
  }
  return { hashesCleared };
}
