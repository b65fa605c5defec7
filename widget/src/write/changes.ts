// What posting, deleting and liking do to the thread on screen, and to what this browser
// remembers. Only acting makes these changes, so they come with it in write.js; reading's own
// (pages of comments) stay in components/use-thread.ts.
import type { PublicComment, ThreadResponse } from "../../../shared/types.ts";
import type { ThreadContextValue } from "../components/context.ts";
import type { Translate } from "../i18n/t.ts";
import { pageKey } from "../options.ts";
import { pendingOf, rememberOwn, savePending } from "../own-store.ts";

/** `d` with `comments` and its count moved by `delta` (only approved comments are counted). */
const counted = (d: ThreadResponse, comments: PublicComment[], delta: number): ThreadResponse => ({
  ...d,
  comments,
  thread: { ...d.thread, commentCount: d.thread.commentCount + delta },
});

/** Replaces a comment's fields after a like or a reaction. */
export const patch = (thread: ThreadContextValue, id: string, fields: Partial<PublicComment>): void =>
  thread.update((d) => ({ ...d, comments: d.comments.map((c) => (c.id === id ? { ...c, ...fields } : c)) }));

/**
 * Shows a comment the reader just posted (the form has stored what must survive a reload),
 * announces it and moves focus to it. The tree keeps list order among siblings, so appending puts
 * a reply last under its parent; a newest-first thread gets a new root comment on top.
 */
export function added(thread: ThreadContextValue, t: Translate, comment: PublicComment): void {
  const first = !comment.parentId && thread.sort === "newest";
  thread.update((d) =>
    counted(
      d,
      first ? [comment, ...d.comments] : [...d.comments, comment],
      comment.status === "approved" ? 1 : 0,
    ),
  );
  if (comment.parentId) thread.setReplyTo(null);
  thread.announce(t(comment.status === "pending" ? "pending" : "posted"));
  thread.focus(comment.id);
}

/**
 * Shows the author's edit. An edit the site's checks held takes the comment off the page for
 * everyone else until a moderator approves it: it leaves the count, and this browser keeps it
 * among its own held comments so the author still sees it, marked, after a reload.
 */
export function edited(thread: ThreadContextValue, t: Translate, comment: PublicComment): void {
  const page = pageKey(thread.options);
  const others = pendingOf(page).filter((c) => c.id !== comment.id);
  savePending(page, comment.status === "pending" ? [...others, comment] : others);
  thread.update((d) => {
    const was = d.comments.find((c) => c.id === comment.id);
    const delta = was?.status === "approved" && comment.status !== "approved" ? -1 : 0;
    return counted(
      d,
      d.comments.map((c) => (c.id === comment.id ? { ...c, ...comment } : c)),
      delta,
    );
  });
  thread.announce(t(comment.status === "pending" ? "pending" : "updated"));
}

/** Takes a deleted comment out, or leaves a placeholder when it has replies, and forgets it. */
export function removed(thread: ThreadContextValue, id: string): void {
  const page = pageKey(thread.options);
  rememberOwn({ id });
  savePending(
    page,
    pendingOf(page).filter((c) => c.id !== id),
  );
  thread.update((d) => {
    const was = d.comments.find((c) => c.id === id);
    const keep = d.comments.some((c) => c.parentId === id);
    const comments = keep
      ? d.comments.map((c) =>
          c.id === id ? { ...c, status: "deleted" as const, author: null, html: "" } : c,
        )
      : d.comments.filter((c) => c.id !== id);
    return counted(d, comments, was?.status === "approved" ? -1 : 0);
  });
}
