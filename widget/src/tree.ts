import type { PublicComment } from "../../shared/types.ts";

export interface CommentNode {
  comment: PublicComment;
  children: CommentNode[];
}

/**
 * Nests the API's flat, depth-first list by `parentId`, keeping the server's order among
 * siblings. A reply whose parent is not in the list (paged out, or purged) is shown as a root
 * rather than lost.
 */
export function buildTree(comments: readonly PublicComment[]): CommentNode[] {
  // Keyed by id: a root's parentId (null) finds nothing.
  const nodes = new Map<string | null, CommentNode>();
  for (const comment of comments) nodes.set(comment.id, { comment, children: [] });
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(node.comment.parentId);
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  return roots;
}

/** The comments in `node`'s subtree, itself included. */
export const weight = (node: CommentNode): number => node.children.reduce((n, child) => n + weight(child), 1);

/** Whether the thread answer left out some replies under `node` (it inlines 100 per root). */
export const missing = (node: CommentNode): boolean =>
  node.children.length < node.comment.replyCount || node.children.some(missing);
