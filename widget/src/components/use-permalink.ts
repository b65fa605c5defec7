// Permalinks: `#comment-<id>` in the page URL. The comments live in a shadow root, where the
// browser's own fragment scrolling cannot see them, so this finds, scrolls to and highlights it,
// loading further pages of roots, then further pages of replies, when it is not yet drawn.
import { useEffect, useState } from "preact/hooks";

const wanted = () => /^#comment-(.+)$/.exec(decodeURIComponent(location.hash))?.[1] ?? null;

/**
 * `ready` is false until every loaded comment is drawn. `loaded` changes with each page that
 * arrives, which runs the search again. `seek` loads one more page and resolves false when
 * nothing is left to load, which ends the search.
 */
export function usePermalink(
  root: { current: HTMLElement | null },
  ready: boolean,
  loaded: unknown,
  seek: () => Promise<boolean>,
) {
  const [target, setTarget] = useState<string | null>(null);
  const [hash, setHash] = useState(wanted);

  useEffect(() => {
    const changed = () => setHash(wanted());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);

  useEffect(() => {
    // Found once is enough: a later page must not pull the reader back to it.
    if (!ready || !hash || target === hash) return;
    const el = root.current?.querySelector<HTMLElement>(`[id="comment-${hash}"]`);
    if (el) {
      setTarget(hash);
      el.scrollIntoView?.({ block: "center" });
      el.focus({ preventScroll: true });
    } else {
      seek().then(
        (more) => more || setHash(null),
        () => setHash(null),
      );
    }
    // `seek` is new on every render; a new page in `loaded` is what is worth searching again.
  }, [ready, hash, loaded]);

  return target;
}
