// The thread's data and the changes reading makes to it: paging. The changes of acting (a like,
// a new comment, a deletion) live with the forms, in write.js (write/changes.ts), and go through
// `update`.
import { useEffect, useState } from "preact/hooks";
import type { PublicComment, ThreadResponse } from "../../../shared/types.ts";
import { fetchReplies, fetchThread } from "../api.ts";
import type { ResolvedOptions } from "../options.ts";
import { pageKey } from "../options.ts";
import { pendingOf, savePending } from "../own-store.ts";

const merge = (list: PublicComment[], more: PublicComment[]) => {
  const known = new Set(list.map((c) => c.id));
  return [...list, ...more.filter((c) => !known.has(c.id))];
};

export function useThread(options: ResolvedOptions, sort: ResolvedOptions["sort"], attempt: number) {
  const { api, site, url, pageId } = options;
  const page = pageKey(options);
  const [data, setData] = useState<ThreadResponse | null>(null);
  // Why the first page did not load (what fetchThread threw); null while it loads or once it has.
  const [failed, setFailed] = useState<unknown>(null);
  // Counts first-page answers, so the drawing in chunks starts over for each (use-chunks.ts).
  const [fresh, setFresh] = useState(0);
  const [replyCursors, setReplyCursors] = useState<Record<string, string | null>>({});

  useEffect(() => {
    const request = new AbortController();
    setFailed(null);
    fetchThread(api, { ...options, sort }, request.signal).then(
      (d) => {
        // Comments held for moderation are not in the answer: show their author what is still held
        // (merge() appends it), and forget those that have been approved since.
        const comments = merge(d.comments, pendingOf(page));
        savePending(page, comments.slice(d.comments.length));
        setData({ ...d, comments });
        setFresh((n) => n + 1);
      },
      (err) => {
        if (!request.signal.aborted) setFailed(err);
      },
    );
    // A page change or destroy() must not let a late answer draw the old thread.
    return () => request.abort();
  }, [api, site, url, pageId, sort, attempt]);

  const update = (change: (data: ThreadResponse) => ThreadResponse) => setData((d) => d && change(d));

  return {
    data,
    failed,
    fresh,
    replyCursors,
    async moreRoots() {
      const next = await fetchThread(api, { ...options, sort, cursor: data?.nextCursor });
      update((d) => ({ ...d, comments: merge(d.comments, next.comments), nextCursor: next.nextCursor }));
    },
    /** Resolves with whether more replies are left after this page. */
    async moreReplies(id: string): Promise<boolean> {
      const next = await fetchReplies(api, id, replyCursors[id] ?? null);
      setReplyCursors((r) => ({ ...r, [id]: next.nextCursor }));
      update((d) => ({ ...d, comments: merge(d.comments, next.comments) }));
      return next.nextCursor !== null;
    },
    /** How the forms (write.js) add and take out comments. */
    update,
  };
}
