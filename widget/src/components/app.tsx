import { useEffect, useMemo, useState } from "preact/hooks";
import type { ThreadResponse } from "../../../shared/types.ts";
import { fetchThread, postComment } from "../api.ts";
import { t } from "../i18n/t.ts";
import type { ResolvedOptions } from "../options.ts";
import { buildTree } from "../tree.ts";
import { type Draft, ThreadContext } from "./context.ts";
import { Thread } from "./thread.tsx";

/** One embedded discussion: loads the page's thread once, then keeps it current as the reader posts. */
export function App({ options }: { options: ResolvedOptions }) {
  const { api, site, url, pageId, title, sort } = options;
  const [data, setData] = useState<ThreadResponse | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [replyTo, setReplyTo] = useState<string | null>(null);

  useEffect(() => {
    const request = new AbortController();
    setData(null);
    setFailed(false);
    fetchThread(api, { site, url, pageId, sort }, request.signal).then(setData, () => {
      if (!request.signal.aborted) setFailed(true);
    });
    // A page change or destroy() must not let a late answer draw the old thread.
    return () => request.abort();
  }, [api, site, url, pageId, sort, attempt]);

  const comments = data?.comments;
  const roots = useMemo(() => buildTree(comments ?? []), [comments]);

  const post = async (draft: Draft) => {
    const { comment } = await postComment(api, { site, url, pageId, title, ...draft });
    // The tree keeps list order among siblings, so appending puts a reply last under its parent.
    const first = !comment.parentId && sort === "newest";
    setData(
      (d) =>
        d && {
          ...d,
          thread: {
            ...d.thread,
            commentCount: d.thread.commentCount + (comment.status === "approved" ? 1 : 0),
          },
          comments: first ? [comment, ...d.comments] : [...d.comments, comment],
        },
    );
    if (draft.parentId) setReplyTo(null);
  };

  if (!data) {
    return failed ? (
      <p class="error" role="alert">
        {t("loadFailed")}{" "}
        <button type="button" onClick={() => setAttempt(attempt + 1)}>
          {t("retry")}
        </button>
      </p>
    ) : (
      <p class="meta" aria-busy="true">
        {t("loading")}
      </p>
    );
  }

  return (
    <ThreadContext.Provider
      value={{ site: data.site, locked: data.thread.locked, replyTo, setReplyTo, post }}
    >
      <Thread thread={data.thread} roots={roots} formFirst={sort === "newest"} />
    </ThreadContext.Provider>
  );
}
