// What a live message does to the thread on screen and to the comments waiting behind the
// "N new comments" button. Pure functions of the data, so the same message twice, or a message
// about the reader's own comment (already drawn from the POST's answer), changes nothing more.
import type { LiveMessage, PublicComment, ThreadResponse } from "../../../shared/types.ts";

/** The comments heard of but not yet shown: those the thread does not hold already. */
export const waiting = (fresh: PublicComment[], data: ThreadResponse | null): PublicComment[] => {
  const shown = new Set(data?.comments.map((c) => c.id));
  return fresh.filter((c) => !shown.has(c.id));
};

const replace = (list: PublicComment[], comment: PublicComment) =>
  list.map((c) => (c.id === comment.id ? { ...c, ...comment } : c));

/** A parent's reply count moved by `delta` (so "Show more replies" stays right). */
const replies = (list: PublicComment[], parentId: string | null, delta: number) =>
  list.map((c) => (c.id === parentId ? { ...c, replyCount: Math.max(0, c.replyCount + delta) } : c));

/** The thread after a message: edits and removals in place, a new count; new comments wait. */
export function applied(d: ThreadResponse, m: LiveMessage): ThreadResponse {
  if (m.type === "count") return { ...d, thread: { ...d.thread, commentCount: m.commentCount } };
  if (m.type === "thread") return { ...d, thread: { ...d.thread, ...m.thread } };
  if (m.type === "comment" || m.type === "update") return { ...d, comments: replace(d.comments, m.comment) };
  if (m.type !== "remove") return d;
  const was = d.comments.find((c) => c.id === m.id);
  if (!was) return d;
  // As a read shows it: a placeholder while it has replies, else gone.
  const comments = d.comments.some((c) => c.parentId === m.id)
    ? d.comments.map((c) =>
        c.id === m.id ? { ...c, status: "deleted" as const, author: null, html: "" } : c,
      )
    : replies(
        d.comments.filter((c) => c.id !== m.id),
        was.parentId,
        -1,
      );
  return { ...d, comments };
}

/** The waiting comments after a message: a new one joins, an edit or removal applies to them too. */
export function queued(fresh: PublicComment[], m: LiveMessage): PublicComment[] {
  if (m.type === "remove") return fresh.filter((c) => c.id !== m.id);
  if (m.type === "update") return replace(fresh, m.comment);
  if (m.type !== "comment") return fresh;
  return fresh.some((c) => c.id === m.comment.id) ? replace(fresh, m.comment) : [...fresh, m.comment];
}

/**
 * The thread with the waiting comments shown: a root where the reader's own would go (last, or
 * first in a newest-first thread), a reply last under its parent, each counted by its parent.
 */
export function shown(d: ThreadResponse, fresh: PublicComment[], newestFirst: boolean): ThreadResponse {
  const roots = fresh.filter((c) => !c.parentId);
  const rest = fresh.filter((c) => c.parentId);
  let comments = newestFirst ? [...roots.toReversed(), ...d.comments, ...rest] : [...d.comments, ...fresh];
  for (const c of rest) comments = replies(comments, c.parentId, 1);
  return { ...d, comments };
}

/**
 * What a page of the newest roots (the fallback's poll, a catch-up read) says changed, as
 * messages. `seen` holds the ids of the pages read before (null before the first): only a
 * comment that neither the thread nor an earlier page held is new. On the first page, a comment
 * the thread lacks may just be on a page of it the reader has not loaded: it is new only when the
 * thread is loaded whole and it is newer than anything in it.
 */
export function messagesOf(d: ThreadResponse, page: ThreadResponse, seen: Set<string> | null): LiveMessage[] {
  const known = new Map(d.comments.map((c) => [c.id, c]));
  const newest =
    d.comments
      .map((c) => c.createdAt)
      .sort()
      .at(-1) ?? "";
  const isNew = (c: PublicComment) =>
    seen ? !seen.has(c.id) : d.nextCursor === null && c.createdAt > newest;
  const out: LiveMessage[] = [];
  for (const c of page.comments) {
    const was = known.get(c.id);
    if (!was) {
      if (c.status === "approved" && isNew(c)) out.push({ type: "comment", comment: c });
    } else if (c.status === "deleted" && was.status !== "deleted") out.push({ type: "remove", id: c.id });
    else if (was.html !== c.html || was.editedAt !== c.editedAt) out.push({ type: "update", comment: c });
  }
  out.push({ type: "count", commentCount: page.thread.commentCount });
  return out;
}
