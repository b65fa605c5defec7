// One like per reader per comment, where a reader is a keyed hash of the truncated network and
// the user agent: no cookie, no stored address (security.md, Privacy).
import type { Db } from "../db/database.ts";
import { setLike } from "../db/likes.ts";
import { selectCommentScope } from "../db/thread-page.ts";
import { ApiError } from "../lib/api-error.ts";
import { hmacHex } from "../lib/crypto.ts";
import { truncateAddress } from "../lib/network.ts";
import { nowIso } from "../lib/time.ts";

export async function readerHash(secret: string, ip: string | undefined, userAgent: string | undefined) {
  return (await hmacHex(secret, `reader:${truncateAddress(ip ?? "")}|${userAgent ?? ""}`)).slice(0, 32);
}

export async function like(
  db: Db,
  q: { commentId: string; readerHash: string; liked: boolean; admit: (origins: string[]) => void },
): Promise<{ likes: number; liked: boolean }> {
  const scope = await selectCommentScope(db, q.commentId).first<{ status: string; origins: string }>();
  const notLikeable = () => new ApiError("not_found", "This comment does not exist or cannot be liked.");
  if (scope?.status !== "approved") throw notLikeable();
  q.admit(JSON.parse(scope.origins) as string[]);
  const state = await setLike(db, { ...q, now: nowIso() });
  // Deleted or held between the two round trips: the batch changed nothing.
  if (state?.status !== "approved") throw notLikeable();
  return { likes: state.likes, liked: state.liked === 1 };
}
