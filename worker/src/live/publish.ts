// After a write's answer: what readers of the thread now see differently goes to the thread's
// Durable Object, which forwards it to every open socket. Never before the answer, and a failure
// here is logged (inBackground) without touching the write.
import type { LiveMessage } from "../../../shared/types.ts";
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { publicRows, threadCounts } from "../db/live.ts";
import type { Bindings } from "../env.ts";
import { inBackground, type WorkContext } from "../lib/background.ts";
import type { Transition } from "../services/moderation/transitions.ts";
import { channelName } from "./caps.ts";
import { distinct, encode, eventsOf, type LiveChange } from "./events.ts";

export type { LiveChange };

/** The transitions readers notice: into or out of a public status (approved). */
export const liveChangesOf = (transitions: Transition[]): LiveChange[] =>
  transitions
    .filter((t) => t.from === "approved" || t.to === "approved")
    .map((t) => ({
      id: t.comment.id,
      shownBefore: t.from === "approved",
      thread: [t.comment.siteId, t.comment.pageKey],
    }));

/** Reads what the changes look like now and sends each thread's messages to its channel. */
export async function publish(db: Db, live: NonNullable<Bindings["LIVE"]>, changes: LiveChange[]) {
  const list = distinct(changes);
  // A new comment's write knows all it sends; anything else is read as a public read shows it now.
  const unknown = list.filter((c) => !c.known).map((c) => c.id);
  const { rows, counts } =
    unknown.length === 0
      ? { rows: [], counts: [] }
      : await batch(db, {
          rows: publicRows(db, unknown),
          counts: threadCounts(
            db,
            unknown,
            list.flatMap((c) => (c.thread && !c.known ? [c.thread] : [])),
          ),
        });
  const events = eventsOf(list, rows, counts);
  return Promise.all(
    [...events].map(([name, messages]) => live.get(live.idFromName(name)).publish(messages)),
  );
}

/** The live part of a write's after-answer work: one call wherever readers' view changes. */
export function publishLive(c: WorkContext, changes: LiveChange[]): void {
  const live = c.env.LIVE;
  if (!live || changes.length === 0) return;
  inBackground(c, "live", () => publish(c.var.db, live, changes));
}

/** Messages a write knows in full (a page's reactions, a lock, a reload), to the readers of each
 * thread `[siteId, pageKey]` given; nothing is read. */
export function publishToThreads(c: WorkContext, threads: [string, string][], message: LiveMessage): void {
  const live = c.env.LIVE;
  if (!live || threads.length === 0) return;
  const text = encode(message);
  inBackground(c, "live", () =>
    Promise.all(threads.map((t) => live.get(live.idFromName(channelName(...t))).publish([text]))),
  );
}
