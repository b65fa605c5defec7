import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import type { PublicThread, SortOrder } from "../../../shared/types.ts";
import { I18n } from "../i18n/t.ts";
import { SORTS } from "../options.ts";
import type { CommentNode } from "../tree.ts";
import { Comment } from "./comment.tsx";
import { failure, Lazy } from "./lazy.tsx";
import { useChunks } from "./use-chunks.ts";

interface Props {
  thread: PublicThread;
  roots: CommentNode[];
  /** Changes with each new first page: the drawing in chunks starts over (use-chunks.ts). */
  fresh: number;
  /** Told whether every root is drawn, after each chunk and each change of the roots. */
  onDrawn(all: boolean): void;
  sort: SortOrder;
  onSort(sort: SortOrder): void;
  /** Loads the next page of roots; null when there is none. */
  more: (() => Promise<void>) | null;
}

/** The discussion: its count and order, the comments as nested lists, and the form. */
export function Thread({ thread, roots, fresh, onDrawn, sort, onSort, more }: Props) {
  const t = useContext(I18n);
  const [busy, setBusy] = useState(false);
  // Why the last "load more" failed, boxed (anything may be thrown).
  const [failed, setFailed] = useState<{ err: unknown } | null>(null);
  const shown = roots.length > 0;
  const drawn = useChunks(roots, fresh);
  // The same elements from one chunk to the next, so Preact skips the comments already drawn
  // instead of comparing them all again each time.
  const items = useMemo(
    () => roots.map((node) => <Comment key={node.comment.id} node={node} depth={0} />),
    [roots],
  );
  useEffect(() => onDrawn(drawn === roots.length), [drawn, roots]);
  // Effects run after the frame is painted: bench/browser.ts reads this mark.
  useEffect(() => {
    if (shown) performance.mark("confab:first-comment");
  }, [shown]);
  const form = thread.locked ? <p class="note">{t("closed")}</p> : <Lazy name="CommentForm" props={{}} />;
  // Newest-first threads get the form on top, where a new comment will appear.
  const formFirst = sort === "newest";
  const loadMore = () => {
    setBusy(true);
    setFailed(null);
    more?.()
      .catch((err) => setFailed({ err }))
      .finally(() => setBusy(false));
  };
  return (
    <section class="thread" aria-labelledby="confab-heading">
      <Lazy name="Live" props={{}} />
      <div class="bar">
        <h2 id="confab-heading">{t("count", { n: thread.commentCount })}</h2>
        <Lazy name="Reactions" props={{ counts: thread.reactions, mentions: thread.mentions }} />
        {roots.length > 1 && (
          <label class="sort">
            {t("sortBy")}{" "}
            <select value={sort} onChange={(e) => onSort(e.currentTarget.value as SortOrder)}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(s)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {formFirst && form}
      {shown && <ol class="comments">{items.slice(0, drawn)}</ol>}
      {failed && (
        <p class="error" role="alert">
          {failure(t, failed.err, "loadFailed")}
        </p>
      )}
      {more && (
        <button type="button" class="more" disabled={busy} onClick={loadMore}>
          {t("loadMore")}
        </button>
      )}
      {!formFirst && form}
    </section>
  );
}
