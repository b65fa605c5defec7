// The rest of a subtree beyond what a thread page inlines, depth-first, oldest first.

import { LIMITS } from "../../../shared/limits.ts";
import type { PublicComment } from "../../../shared/types.ts";
import { type CommentRow, toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import {
  type CommentScopeRow,
  selectCommentScope,
  selectPathOf,
  selectRepliesPage,
} from "../db/thread-page.ts";
import { ApiError, validationError } from "../lib/api-error.ts";

export async function loadReplies(
  db: Db,
  q: {
    id: string;
    cursor: string | undefined;
    limit: number | undefined;
    admit: (origins: string[]) => void;
  },
): Promise<{ comments: PublicComment[]; nextCursor: string | null }> {
  const [scopeResult, cursorResult] = await db.batch([
    selectCommentScope(db, q.id),
    selectPathOf(db, q.cursor ?? ""),
  ]);
  const scope = scopeResult?.results?.[0] as CommentScopeRow | undefined;
  if (!scope || (scope.status !== "approved" && scope.status !== "deleted")) {
    throw new ApiError("not_found", "This comment does not exist.");
  }
  q.admit(JSON.parse(scope.origins) as string[]);

  let afterPath = scope.path;
  if (q.cursor) {
    const path = (cursorResult?.results?.[0] as { path: string } | undefined)?.path;
    // A cursor is the id of the last reply the reader has; it must lie in this subtree.
    if (!path?.startsWith(`${scope.path}/`)) throw validationError({ cursor: "invalid" });
    afterPath = path;
  }
  const limit = q.limit ?? LIMITS.repliesPerRoot;
  const page = await selectRepliesPage(db, {
    rootId: scope.root_id,
    subtreePath: scope.path,
    afterPath,
    limit,
  }).all<CommentRow>();
  const rows = page.results.slice(0, limit);
  return {
    comments: rows.map(toPublicComment),
    nextCursor: page.results.length > limit ? (rows.at(-1)?.id ?? null) : null,
  };
}
