// Permalinks: `#comment-<id>` in the page URL. The comments live in a shadow root, where the
// browser's own fragment scrolling cannot see them, so this finds, scrolls to and highlights it,
// loading further pages of roots, then further pages of replies, when it is not yet drawn.
// In write.js, which loads with the thread: embed.js only draws the highlight (`target`).
import { useContext, useEffect, useRef } from "preact/hooks";
import type { PermalinkHook } from "../components/context.ts";
import { type CommentNode, missing } from "../tree.ts";
import { ThreadContext } from "./deps.ts";

// Ids are letters and digits: anything else in the fragment is not one of ours, and left
// undecoded it can neither throw (`%E0`) nor break out of the selector below (`"`).
const wanted = () => /^#comment-([\w-]+)$/.exec(location.hash)?.[1] ?? null;

interface Props {
  /** The widget's element, searched for the comment. */
  root: { current: HTMLElement | null };
  roots: CommentNode[];
  /** Highlights the comment found. */
  setTarget(id: string): void;
  /** Where the thread reports, after each chunk drawn, whether every root is (app.tsx). */
  hook: PermalinkHook;
}

/**
 * Draws nothing. `hook.search` is called by the thread each time everything loaded is drawn (and
 * by a hashchange), not through state: a state change would redraw every comment once more. Each
 * step of the search loads one more page, roots first, then each reply list until it ends.
 */
export function Permalink({ root, roots, setTarget, hook }: Props) {
  const thread = useContext(ThreadContext);
  // The search's state; what starts out unset is falsy.
  const s = useRef<{ hash: string | null; found?: string; busy?: boolean }>({ hash: wanted() }).current;

  // Resolves false when nothing is left to load, which ends the search.
  const seek = async () => {
    if (thread.data?.nextCursor) return thread.moreRoots().then(() => true);
    const node = roots.find((n) => thread.replyCursors[n.comment.id] !== null && missing(n));
    return node ? thread.moreReplies(node.comment.id).then(() => true) : false;
  };

  hook.search = () => {
    // Found once is enough: a later page must not pull the reader back to it. Off the page (drawn
    // off screen while a server-rendered thread is shown, mount.tsx), it waits to be put there.
    if (!hook.drawn || !s.hash || s.hash === s.found || s.busy || !root.current?.isConnected) return;
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
    seek().then(end, () => end(false));
  };

  useEffect(() => {
    // The thread may have been drawn whole before this file arrived.
    hook.search?.();
    const changed = () => {
      s.hash = wanted();
      hook.search?.();
    };
    addEventListener("hashchange", changed);
    return () => {
      removeEventListener("hashchange", changed);
      hook.search = undefined;
    };
  }, []);
  return null;
}
