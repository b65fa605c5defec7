// Which live messages a set of changes makes (docs/api.md, "Live threads"): only what a public
// read shows. A comment readers could not see and still cannot (held, spam) makes none.
import type { LiveMessage, PublicComment } from "../../../shared/types.ts";
import { toPublicComment } from "../db/comments.ts";
import type { LiveRow, ThreadCountRow } from "../db/live.ts";
import { channelName, MAX_MESSAGE_BYTES } from "./caps.ts";

/** One comment a write touched. */
export interface LiveChange {
  id: string;
  /** Whether a public read showed it before the write (it was approved). */
  shownBefore: boolean;
  /** Its thread, `[siteId, pageKey]`: needed when the write may have removed the row (erasure). */
  thread?: [string, string];
  /** What the write itself knows: the comment's public face now and its thread's count (a new
   * comment's answer), so nothing needs reading. Needs `thread`. */
  known?: { comment: PublicComment; count: number };
}

const encoder = new TextEncoder();

/** The message as sent: a comment too large for one message becomes a hint to refetch. */
export function encode(message: LiveMessage): string {
  const text = JSON.stringify(message);
  if (encoder.encode(text).length <= MAX_MESSAGE_BYTES || !("comment" in message)) return text;
  return JSON.stringify({ type: "refresh", id: message.comment.id } satisfies LiveMessage);
}

/** The first change of each comment (what a service knows before what its transitions say). */
export function distinct(changes: LiveChange[]): LiveChange[] {
  const first = new Map<string, LiveChange>();
  for (const c of changes) if (!first.has(c.id)) first.set(c.id, c);
  return [...first.values()];
}

function messageOf(change: LiveChange, row: LiveRow | undefined): LiveMessage | null {
  if (change.known) return { type: change.shownBefore ? "update" : "comment", comment: change.known.comment };
  if (row?.status === "approved")
    return { type: change.shownBefore ? "update" : "comment", comment: toPublicComment(row) };
  return change.shownBefore ? { type: "remove", id: change.id } : null;
}

/** The thread of a change: its row's, else the one the change names. */
const threadOf = (change: LiveChange, row: LiveRow | undefined): [string, string] | undefined =>
  row ? [row.site_id, row.page_key] : change.thread;

/** The messages of each thread's channel (by channel name), each thread's new count last. */
export function eventsOf(changes: LiveChange[], rows: LiveRow[], counts: ThreadCountRow[]) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, string[]>();
  for (const change of changes) {
    const row = byId.get(change.id);
    const message = messageOf(change, row);
    const thread = threadOf(change, row);
    if (!message || !thread) continue;
    const name = channelName(...thread);
    out.set(name, [...(out.get(name) ?? []), encode(message)]);
  }
  const known = changes.flatMap((c) =>
    c.known && c.thread
      ? [{ site_id: c.thread[0], page_key: c.thread[1], comment_count: c.known.count }]
      : [],
  );
  const last = new Map(
    [...known, ...counts].map((t) => [channelName(t.site_id, t.page_key), t.comment_count]),
  );
  for (const [name, commentCount] of last) out.get(name)?.push(encode({ type: "count", commentCount }));
  return out;
}
