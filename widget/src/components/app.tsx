import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { errorText } from "../i18n/errors.ts";
import { loadTable } from "../i18n/load.ts";
import { english, I18n, makeT } from "../i18n/t.ts";
import type { ResolvedOptions } from "../options.ts";
import { buildTree, missing } from "../tree.ts";
import { loadWrite } from "../write/load.ts";
import { ThreadContext } from "./context.ts";
import { skeleton } from "./skeleton.tsx";
import { Thread } from "./thread.tsx";
import { usePermalink } from "./use-permalink.ts";
import { useThread } from "./use-thread.ts";

/** One embedded discussion: loads the page's thread, then keeps it current as the reader acts. */
export function App({ options }: { options: ResolvedOptions }) {
  const { lang, assets } = options;
  const [sort, setSort] = useState(options.sort);
  const [attempt, setAttempt] = useState(0);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [t, setT] = useState(() => (lang === "en" ? english : null));
  const [message, setMessage] = useState("");
  const [focus, setFocus] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const thread = useThread(options, sort, attempt);
  const { data, failed } = thread;

  // The forms' file, fetched while the thread loads rather than after it is drawn.
  useEffect(() => void loadWrite(assets).catch(() => {}), [assets]);

  useEffect(() => {
    if (lang === "en") return setT(() => english);
    // A language file that cannot load leaves English words with the language's number formats.
    loadTable(assets, lang)
      .catch(() => ({}))
      .then((table) => setT(() => makeT(lang, table)));
  }, [lang, assets]);

  const comments = data?.comments;
  const roots = useMemo(() => buildTree(comments ?? []), [comments]);
  // A permalinked comment may be on a later page of roots, or past the 100 replies a root
  // inlines: one more page of either per step, roots first, each reply list until it ends.
  const seek = async () => {
    if (data?.nextCursor) return thread.moreRoots().then(() => true);
    const node = roots.find((n) => thread.replyCursors[n.comment.id] !== null && missing(n));
    return node ? thread.moreReplies(node.comment.id).then(() => true) : false;
  };
  const { target, search } = usePermalink(root as { current: HTMLElement | null }, seek);

  useEffect(() => {
    // After posting, the reader lands on their new comment (it is drawn by now).
    if (focus) root.current?.querySelector<HTMLElement>(`[id="comment-${focus}"]`)?.focus();
  }, [focus]);

  const i18n = t ?? english;
  return (
    <I18n.Provider value={i18n}>
      <div class="confab" ref={root} lang={i18n.lang} dir={i18n.dir}>
        <p class="sr" aria-live="polite">
          {message}
        </p>
        {!data || !t ? (
          failed ? (
            <p class="error" role="alert">
              {errorText(i18n, failed, {}, "loadFailed")}{" "}
              <button type="button" onClick={() => setAttempt(attempt + 1)}>
                {i18n("retry")}
              </button>
            </p>
          ) : (
            skeleton(i18n)
          )
        ) : (
          <ThreadContext.Provider
            value={{
              ...thread, // update, patch, moreReplies
              api: options.api,
              options,
              assets,
              site: data.site,
              locked: data.thread.locked,
              replyTo,
              setReplyTo,
              target,
              sort,
              announce: setMessage,
              focus: setFocus,
            }}
          >
            <Thread
              thread={data.thread}
              roots={roots}
              fresh={thread.fresh}
              onDrawn={search}
              sort={sort ?? "oldest"}
              onSort={setSort}
              more={data.nextCursor ? thread.moreRoots : null}
            />
          </ThreadContext.Provider>
        )}
      </div>
    </I18n.Provider>
  );
}
