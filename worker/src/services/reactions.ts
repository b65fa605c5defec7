// Reactions on a page or a comment: one of each of the site's emoji per reader (the reader key of
// likes), toggled. Rate-limited per network like likes, so a script inventing readers gets no
// more than 60 calls a minute from one network.
import { pageKey } from "../../../shared/page-key.ts";
import type { ReactionInput } from "../../../shared/schemas.ts";
import type { ReactionResponse } from "../../../shared/types.ts";
import { batch, exec, none } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { reserveSlot } from "../db/rate-slots.ts";
import { type ReactionTarget, setReaction } from "../db/reactions.ts";
import { siteById } from "../db/sites.ts";
import { commentScope } from "../db/thread-page.ts";
import { insertThreadIfMissing } from "../db/threads.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { timeId } from "../lib/ids.ts";
import type { Keys } from "../lib/keys.ts";
import { readerKey } from "../lib/reader-key.ts";
import type { ReadScope } from "../lib/reads/changed.ts";
import { nowIso } from "../lib/time.ts";
import { checkRate } from "../spam/pipeline.ts";
import { LIKE_LIMITS } from "./likes.ts";

const notReactable = () => new ApiError("not_found", "This comment does not exist or cannot be reacted to.");

export async function react(
  db: Db,
  input: ReactionInput,
  q: { keys: Keys; network: string | null; on: boolean; admit: (origins: string[]) => void },
): Promise<{ answer: ReactionResponse; changed: ReadScope }> {
  const { site, scope } = await batch(db, {
    site: siteById(db, input.site),
    scope: input.commentId ? commentScope(db, input.commentId) : none(null),
  });
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  q.admit(site.origins);
  if (!site.reactions.includes(input.emoji)) throw validationError({ emoji: "invalid" });
  if (input.commentId && (scope?.status !== "approved" || scope.site_id !== site.id)) throw notReactable();
  const key = input.commentId ? null : pageKey({ url: input.url ?? null, pageId: input.pageId ?? null });
  const target: ReactionTarget = input.commentId
    ? { kind: "comment", commentId: input.commentId }
    : { kind: "page", siteId: site.id, key: key as string };
  const network = q.network ?? "unknown";
  const nowMs = Date.now();
  const { slot } = await batch(db, {
    slot: reserveSlot(db, { key: `react:${network}`, limits: LIKE_LIMITS, nowMs }),
  });
  checkRate(slot, "Too many reactions from your network. Please wait a minute.");
  const now = nowIso(nowMs);
  const { state } = await batch(db, {
    // The first reaction on a page nobody has commented on makes its thread.
    thread:
      target.kind === "page" && q.on
        ? exec(
            insertThreadIfMissing(db, {
              id: timeId(nowMs),
              siteId: site.id,
              key: target.key,
              url: input.url ?? null,
              title: null,
              now,
            }),
          )
        : none(undefined),
    state: setReaction(db, {
      target,
      emoji: input.emoji,
      readerHash: await readerKey(q.keys, q.network, input.reader),
      on: q.on,
      now,
    }),
  });
  // Deleted or held between the round trips: the batch changed nothing.
  if (target.kind === "comment" && state.counts === null) throw notReactable();
  return {
    // The reader's emoji in the site's order, as the widget shows them.
    answer: { reactions: state.counts ?? {}, mine: site.reactions.filter((e) => state.mine.includes(e)) },
    changed: target.kind === "page" ? { siteId: site.id, pageKey: target.key } : { siteId: site.id },
  };
}
