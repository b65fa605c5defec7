// The thread's data and every change made to it: paging, posting, edits, likes and deletes.
import { useEffect, useState } from "preact/hooks";
import type { PublicComment, ThreadResponse } from "../../../shared/types.ts";
import { fetchReplies, fetchThread } from "../api.ts";
import type { ResolvedOptions } from "../options.ts";
import { pageKey } from "../options.ts";
import { pendingOf, rememberOwn, savePending } from "../own-store.ts";

const merge = (list: PublicComment[], more: PublicComment[]) => {
  const known = new Set(list.map((c) => c.id));
  return [...list, ...more.filter((c) => !known.has(c.id))];
};

export function useThread(options: ResolvedOptions, sort: ResolvedOptions["sort"], attempt: number) {
  const { api, site, url, pageId } = options;
  const page = pageKey(options);
  const [data, setData] = useState<ThreadResponse | null>(null);
  const [failed, setFailed] = useState(false);
  // Counts first-page answers, so the drawing in chunks starts over for each (use-chunks.ts).
  const [fresh, setFresh] = useState(0);
  const [replyCursors, setReplyCursors] = useState<Record<string, string | null>>({});

  useEffect(() => {
    const request = new AbortController();
    setFailed(false);
    fetchThread(api, { site, url, pageId, sort }, request.signal).then(
      (d) => {
        // Comments held for moderation are not in the answer: show their author what is still held,
        // and forget those that have been approved since.
        const held = pendingOf(page).filter((p) => !d.comments.some((c) => c.id === p.id));
        savePending(page, held);
        setData({ ...d, comments: merge(d.comments, held) });
        setFresh((n) => n + 1);
      },
      () => {
        if (!request.signal.aborted) setFailed(true);
      },
    );
    // A page change or destroy() must not let a late answer draw the old thread.
    return () => request.abort();
  }, [api, site, url, pageId, sort, attempt, page]);

  const count = (delta: number) => (d: ThreadResponse) => ({
    ...d,
    thread: { ...d.thread, commentCount: d.thread.commentCount + delta },
  });

  return {
    data,
    failed,
    fresh,
    replyCursors,
    async moreRoots() {
      const next = await fetchThread(api, { site, url, pageId, sort, cursor: data?.nextCursor });
      setData((d) => d && { ...d, comments: merge(d.comments, next.comments), nextCursor: next.nextCursor });
    },
    /** Resolves with whether more replies are left after this page. */
    async moreReplies(id: string): Promise<boolean> {
      const next = await fetchReplies(api, id, replyCursors[id] ?? null);
      setReplyCursors((r) => ({ ...r, [id]: next.nextCursor }));
      setData((d) => d && { ...d, comments: merge(d.comments, next.comments) });
      return next.nextCursor !== null;
    },
    /** Shows a comment the reader just posted (the form has stored what must survive a reload). */
    added(comment: PublicComment) {
      // The tree keeps list order among siblings, so appending puts a reply last under its parent.
      const first = !comment.parentId && sort === "newest";
      setData((d) => {
        if (!d) return d;
        const comments = first ? [comment, ...d.comments] : [...d.comments, comment];
        return count(comment.status === "approved" ? 1 : 0)({ ...d, comments });
      });
    },
    patch(id: string, fields: Partial<PublicComment>) {
      setData((d) => d && { ...d, comments: d.comments.map((c) => (c.id === id ? { ...c, ...fields } : c)) });
    },
    remove(id: string) {
      rememberOwn({ id });
      savePending(
        page,
        pendingOf(page).filter((c) => c.id !== id),
      );
      setData((d) => {
        if (!d) return d;
        const was = d.comments.find((c) => c.id === id);
        const keep = d.comments.some((c) => c.parentId === id);
        const comments = keep
          ? d.comments.map((c) =>
              c.id === id ? { ...c, status: "deleted" as const, author: null, html: "" } : c,
            )
          : d.comments.filter((c) => c.id !== id);
        return count(was?.status === "approved" ? -1 : 0)({ ...d, comments });
      });
    },
  };
}
