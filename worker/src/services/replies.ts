// The rest of a subtree beyond what a thread page inlines, depth-first, oldest first.

import { LIMITS } from "../../../shared/limits.ts";
import type { PublicComment } from "../../../shared/types.ts";
import { batch } from "../db/batch.ts";
import { toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { commentScope, pathOf, repliesPage } from "../db/thread-page.ts";
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
  const { scope, path } = await batch(db, {
    scope: commentScope(db, q.id),
    path: pathOf(db, q.cursor ?? ""),
  });
  if (!scope || (scope.status !== "approved" && scope.status !== "deleted")) {
    throw new ApiError("not_found", "This comment does not exist.");
  }
  q.admit(JSON.parse(scope.origins) as string[]);

  let afterPath = scope.path;
  if (q.cursor) {
    // A cursor is the id of the last reply the reader has; it must lie in this subtree.
    if (!path?.startsWith(`${scope.path}/`)) throw validationError({ cursor: "invalid" });
    afterPath = path;
  }
  const limit = q.limit ?? LIMITS.repliesPerRoot;
  const { page } = await batch(db, {
    page: repliesPage(db, { rootId: scope.root_id, subtreePath: scope.path, afterPath, limit }),
  });
  const rows = page.slice(0, limit);
  return {
    comments: rows.map(toPublicComment),
    nextCursor: page.length > limit ? (rows.at(-1)?.id ?? null) : null,
  };
}
