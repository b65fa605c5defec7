import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { loadTable } from "../i18n/load.ts";
import { english, I18n, makeT } from "../i18n/t.ts";
import type { ResolvedOptions } from "../options.ts";
import { buildTree } from "../tree.ts";
import { loadWrite } from "../write/load.ts";
import { type PermalinkHook, ThreadContext, type ThreadContextValue } from "./context.ts";
import { failure, Lazy } from "./lazy.tsx";
import { skeleton } from "./skeleton.tsx";
import { Thread } from "./thread.tsx";
import { useThread } from "./use-thread.ts";

/** One embedded discussion: loads the page's thread, then keeps it current as the reader acts. */
/**
 * `onShown` is told once the thread is drawn whole with write.js's parts: mount.tsx then puts it
 * where the server-rendered thread was.
 */
export function App({ options, onShown }: { options: ResolvedOptions; onShown?(): void }) {
  const { lang, assets } = options;
  const [sort, setSort] = useState(options.sort);
  const [attempt, setAttempt] = useState(0);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [t, setT] = useState(() => (lang === "en" ? english : null));
  const [message, setMessage] = useState("");
  const [focus, setFocus] = useState<string | null>(null);
  // The permalinked comment, highlighted once write.js's search has found it (write/permalink.ts).
  const [target, setTarget] = useState<string | null>(null);
  const permalink = useRef<PermalinkHook>({}).current;
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
            // Only `assets` for the full error text's file (lazy.tsx): there is no thread yet.
            <ThreadContext.Provider value={{ assets } as ThreadContextValue}>
              <p class="error" role="alert">
                {failure(i18n, failed, "loadFailed")}{" "}
                <button type="button" onClick={() => setAttempt(attempt + 1)}>
                  {i18n("retry")}
                </button>
              </p>
            </ThreadContext.Provider>
          ) : (
            skeleton(i18n)
          )
        ) : (
          <ThreadContext.Provider
            value={{
              ...thread, // update, moreRoots, moreReplies
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
            <Lazy name="Permalink" props={{ root, roots, setTarget, hook: permalink }} />
            <Thread
              thread={data.thread}
              roots={roots}
              fresh={thread.fresh}
              onDrawn={(all) => {
                permalink.drawn = all;
                permalink.search?.();
                // After write.js's parts are drawn too (its promise's first callbacks, lazy.tsx's);
                // then a permalink can be scrolled to.
                if (all && onShown)
                  loadWrite(assets).then(
                    () =>
                      setTimeout(() => {
                        onShown();
                        permalink.search?.();
                      }),
                    () => {},
                  );
              }}
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
