// Permalinks: `#comment-<id>` in the page URL. The comments live in a shadow root, where the
// browser's own fragment scrolling cannot see them, so this finds, scrolls to and highlights it,
// loading further pages of roots, then further pages of replies, when it is not yet drawn.
import { useEffect, useRef, useState } from "preact/hooks";

// Ids are letters and digits: anything else in the fragment is not one of ours, and left
// undecoded it can neither throw (`%E0`) nor break out of the selector below (`"`).
const wanted = () => /^#comment-([\w-]+)$/.exec(location.hash)?.[1] ?? null;

/**
 * `search` is called by the thread each time everything loaded is drawn (and by a hashchange),
 * not through state: a state change here would redraw every comment once more. `seek` loads one
 * more page and resolves false when nothing is left to load, which ends the search.
 */
export function usePermalink(root: { current: HTMLElement | null }, seek: () => Promise<boolean>) {
  const [target, setTarget] = useState<string | null>(null);
  // The search's state; what starts out unset is falsy.
  const s = useRef<{
    hash: string | null;
    found?: string;
    busy?: boolean;
    drawn?: boolean;
    seek: typeof seek;
  }>({
    hash: wanted(),
    seek,
  }).current;
  s.seek = seek;

  const search = (drawn = s.drawn) => {
    s.drawn = drawn;
    // Found once is enough: a later page must not pull the reader back to it.
    if (!drawn || !s.hash || s.hash === s.found || s.busy) return;
    const el = root.current?.querySelector<HTMLElement>(`[id="comment-${s.hash}"]`);
    if (el) {
      s.found = s.hash;
      setTarget(s.hash);
      el.scrollIntoView?.({ block: "center" });
      el.focus({ preventScroll: true });
      return;
    }
    s.busy = true;
    // The page it loads is drawn, then searched, before this settles (effects run after paint).
    const end = (more: boolean) => {
      s.busy = false;
      if (!more) s.hash = null;
    };
    s.seek().then(end, () => end(false));
  };

  useEffect(() => {
    const changed = () => {
      s.hash = wanted();
      search();
    };
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);

  return { target, search };
}
