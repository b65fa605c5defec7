// An author edits or deletes their own comment with the edit token from POST, within the window.

import { LIMITS } from "../../../shared/limits.ts";
import type { PublicComment } from "../../../shared/types.ts";
import { deleteByAuthor, updateText } from "../db/author-edits.ts";
import { type CommentRow, selectPublicComment, toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { type CommentScopeRow, selectCommentScope } from "../db/thread-page.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { checkEditToken } from "../lib/edit-token.ts";
import { nowIso } from "../lib/time.ts";
import { RENDERER_VERSION, renderMarkdown } from "../render/markdown.ts";

export interface AuthorContext {
  token: string;
  /** Checks the request's Origin against the comment's site (throws origin_not_allowed). */
  admit: (origins: string[]) => void;
}

const gone = () => new ApiError("not_found", "This comment does not exist.");

/** Loads the comment and runs the checks every author action shares: exists, origin, token, window. */
async function authorise(db: Db, id: string, ctx: AuthorContext, nowMs: number): Promise<CommentScopeRow> {
  const row = await selectCommentScope(db, id).first<CommentScopeRow>();
  if (!row || (row.status !== "approved" && row.status !== "pending")) throw gone();
  ctx.admit(JSON.parse(row.origins) as string[]);
  await checkEditToken(ctx.token, row.edit_token_hash);
  if (Date.parse(row.created_at) + row.edit_window_seconds * 1000 < nowMs) {
    throw new ApiError("edit_window_closed", "The time to edit or delete this comment has passed.");
  }
  return row;
}

export async function editComment(
  db: Db,
  id: string,
  text: string,
  ctx: AuthorContext,
): Promise<{ comment: PublicComment }> {
  const nowMs = Date.now();
  const row = await authorise(db, id, ctx, nowMs);
  if ([...text].length > Math.min(row.max_length, LIMITS.textMax))
    throw validationError({ text: "too_long" });
  const now = nowIso(nowMs);
  const [update, select] = await db.batch([
    updateText(db, { id, text, html: renderMarkdown(text), rendererVersion: RENDERER_VERSION, now }),
    selectPublicComment(db, id),
  ]);
  const updated = select?.results?.[0] as CommentRow | undefined;
  if (!update?.meta.changes || !updated) throw gone();
  return { comment: toPublicComment(updated) };
}

export async function deleteComment(db: Db, id: string, ctx: AuthorContext): Promise<void> {
  const nowMs = Date.now();
  await authorise(db, id, ctx, nowMs);
  const results = await db.batch(deleteByAuthor(db, { id, now: nowIso(nowMs) }));
  const [, , placeholder, , removal] = results;
  // Nothing changed: a concurrent delete got there first.
  if (!placeholder?.meta.changes && !removal?.meta.changes) throw gone();
}
