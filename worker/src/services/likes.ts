// One like per reader per comment, where a reader is a keyed hash of the network hash and a
// random id the widget keeps (no cookie, no User-Agent, no stored address: security.md). A new id
// per request is still bounded by the per-network rate limit, so likes cannot be farmed to steer
// `sort=top`.
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { setLike } from "../db/likes.ts";
import { reserveSlot } from "../db/rate-slots.ts";
import { commentScope } from "../db/thread-page.ts";
import { ApiError } from "../lib/api-error.ts";
import type { Keys } from "../lib/keys.ts";
import { readerKey } from "../lib/reader-key.ts";
import type { ReadScope } from "../lib/reads/changed.ts";
import { nowIso } from "../lib/time.ts";
import { checkRate } from "../spam/pipeline.ts";

/** Like and unlike calls per network (api.md): a reader clicking about is far below it. */
export const LIKE_LIMITS = { perMinute: 60, perHour: 0 };

export async function like(
  db: Db,
  q: {
    commentId: string;
    keys: Keys;
    network: string | null;
    reader: string;
    liked: boolean;
    admit: (origins: string[]) => void;
  },
): Promise<{ answer: { likes: number; liked: boolean }; changed: ReadScope }> {
  const { scope } = await batch(db, { scope: commentScope(db, q.commentId) });
  const notLikeable = () => new ApiError("not_found", "This comment does not exist or cannot be liked.");
  if (scope?.status !== "approved") throw notLikeable();
  q.admit(JSON.parse(scope.origins) as string[]);
  const network = q.network ?? "unknown";
  const nowMs = Date.now();
  const { slot } = await batch(db, {
    slot: reserveSlot(db, { key: `like:${network}`, limits: LIKE_LIMITS, nowMs }),
  });
  checkRate(slot, "Too many likes from your network. Please wait a minute.");
  const readerHash = await readerKey(q.keys, q.network, q.reader);
  const state = await setLike(db, { commentId: q.commentId, readerHash, liked: q.liked, now: nowIso(nowMs) });
  // Deleted or held between the round trips: the batch changed nothing.
  if (state?.status !== "approved") throw notLikeable();
  return { answer: { likes: state.likes, liked: state.liked === 1 }, changed: { siteId: scope.site_id } };
}
