// Permalinks: `#comment-<id>` in the page URL. The comments live in a shadow root, where the
// browser's own fragment scrolling cannot see them, so this finds, scrolls to and highlights it,
// loading further pages of roots when it is not among the first.
import { useEffect, useState } from "preact/hooks";

const wanted = () => /^#comment-(.+)$/.exec(decodeURIComponent(location.hash))?.[1] ?? null;

/** `cursor` is the thread's next page: each page loaded runs the search again, until none is left. */
export function usePermalink(
  root: { current: HTMLElement | null },
  ready: boolean,
  cursor: string | null | undefined,
  more: () => Promise<void>,
) {
  const [target, setTarget] = useState<string | null>(null);
  const [hash, setHash] = useState(wanted);

  useEffect(() => {
    const changed = () => setHash(wanted());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);

  useEffect(() => {
    if (!ready || !hash) return;
    const el = root.current?.querySelector<HTMLElement>(`[id="comment-${hash}"]`);
    if (el) {
      setTarget(hash);
      el.scrollIntoView?.({ block: "center" });
      el.focus({ preventScroll: true });
    } else if (cursor) {
      more().catch(() => setHash(null));
    }
    // `more` is new on every render; the cursor is what says another page is there.
  }, [ready, hash, cursor]);

  return target;
}
