// A first page can hold 250 comments. Drawn in one go that is one long task on a slow phone,
// and the first comment waits for the last. So the first roots are drawn at once and the rest in
// later tasks, a few dozen comments each, so input and paint get their turn in between.
import { useEffect, useState } from "preact/hooks";
import { type CommentNode, weight } from "../tree.ts";

/** About this many comments in the first task, then in each one after it. */
const FIRST = 10;
const STEP = 20;

/** Index after the roots from `from` that together hold about `n` comments. */
const upTo = (roots: CommentNode[], from: number, n: number) => {
  let i = from;
  while (i < roots.length && n > 0) n -= weight(roots[i++] as CommentNode);
  return i;
};

/**
 * How many of `roots` to draw now. `fresh` changes when a new thread answer replaces the list
 * (another page or order), which starts over; roots appended by "load more" just continue.
 */
export function useChunks(roots: CommentNode[], fresh: unknown): number {
  const [drawn, setDrawn] = useState({ fresh, n: 0 });
  const end = Math.max(drawn.fresh === fresh ? drawn.n : 0, upTo(roots, 0, FIRST));
  useEffect(() => {
    if (end >= roots.length) return;
    const id = setTimeout(() => setDrawn({ fresh, n: upTo(roots, end, STEP) }));
    return () => clearTimeout(id);
  }, [end, roots, fresh]);
  return Math.min(end, roots.length);
}
