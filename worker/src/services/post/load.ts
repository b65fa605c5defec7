// Posting, step 1: everything the checks and the write need, in one D1 round trip.
import { pageKey } from "../../../../shared/page-key.ts";
import type { CreateCommentInput } from "../../../../shared/schemas.ts";
import { isBanned } from "../../db/bans.ts";
import { batch } from "../../db/batch.ts";
import { approvedBefore, parentOf } from "../../db/comments.ts";
import type { Db } from "../../db/database.ts";
import { storedAnswer } from "../../db/idempotency.ts";
import { isStaffAddress } from "../../db/identities.ts";
import { siteWithSecrets } from "../../db/sites.ts";
import { selectTextSignals } from "../../db/spam-signals.ts";
import { threadByKey } from "../../db/threads.ts";
import { idAt } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

export type Loaded = Awaited<ReturnType<typeof loadForPost>>;

export async function loadForPost(
  db: Db,
  input: CreateCommentInput,
  who: {
    email: string | null;
    network: string | null;
    idempotencyKey: string | null;
    identityId: string | null;
  },
  nowMs: number,
) {
  const key = pageKey(input);
  const since = nowIso(nowMs - DAY_MS);
  const found = await batch(db, {
    site: siteWithSecrets(db, input.site),
    thread: threadByKey(db, input.site, key),
    parent: parentOf(db, input.parentId ?? ""),
    approvedBefore: approvedBefore(db, who.identityId),
    // An anonymous post may not use the address of the site's staff (services/post/author.ts).
    staffEmail: isStaffAddress(db, input.site, who.identityId ? null : who.email),
    stored: storedAnswer(db, input.site, who.idempotencyKey ?? "", since),
    banned: isBanned(db, { siteId: input.site, email: who.email, network: who.network, now: nowIso(nowMs) }),
    signals: selectTextSignals(db, {
      siteId: input.site,
      pageKey: key,
      email: who.email,
      network: who.network,
      text: input.text,
      sinceId: idAt(nowMs - DAY_MS),
    }),
  });
  return { key, since, ...found };
}
