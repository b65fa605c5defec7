// An author edits or deletes their own comment with the edit token from POST (or, signed in, with
// a session of the identity that posted it, from any device), within the window
// and until a moderator has acted on it. An edit is judged like a post (the moderation mode, the
// blocked words, the link limit and Akismet, on what readers will see): a published comment whose
// new text would have been held goes back to the queue. A delete erases what an admin erase does.
import { LIMITS } from "../../../shared/limits.ts";
import type { PublicComment } from "../../../shared/types.ts";
import { type AuthorRow, appendReasons, authorRow, updateText } from "../db/author-edits.ts";
import { batch, exec, none } from "../db/batch.ts";
import { publicComment, toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { clearTraces, emptyRow } from "../db/erase.ts";
import { type Site, siteOfComment } from "../db/sites.ts";
import { type CommentFacts, changeStatus } from "../db/status-changes.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { editTokenMatches } from "../lib/edit-token.ts";
import type { ReadScope } from "../lib/reads/changed.ts";
import { nowIso } from "../lib/time.ts";
import type { LiveChange } from "../live/events.ts";
import { RENDERER_VERSION, renderComment } from "../render/markdown.ts";
import { screen } from "../spam/pipeline.ts";
import { type RemoteContext, remoteChecks } from "../spam/remote-checks.ts";
import { sessionOf } from "./auth/sessions.ts";
import type { Transition } from "./moderation/transitions.ts";

export interface AuthorContext {
  token: string;
  /** Checks the request's Origin against the comment's site (throws origin_not_allowed). */
  admit: (origins: string[]) => void;
  remote: RemoteContext;
}

const gone = () => new ApiError("not_found", "This comment does not exist.");
const by = { kind: "reader" } as const;

const factsOf = (r: AuthorRow): CommentFacts => ({
  ...{ id: r.id, siteId: r.site_id, parentId: r.parent_id, status: r.status, authorName: r.author_name },
  ...{
    email: r.author_email,
    website: r.author_website,
    text: r.text,
    notifyReplies: r.notify_replies === 1,
  },
  ...{ updatedAt: r.updated_at, pageUrl: r.page_url, pageTitle: r.page_title, pageKey: r.page_key },
});

/**
 * The bearer is the comment's author: it holds the comment's edit token (the browser that posted
 * it), or it is a session of the identity that posted it (any device the reader signed in on).
 */
async function checkAuthorship(db: Db, token: string, row: AuthorRow): Promise<void> {
  if (await editTokenMatches(token, row.edit_token_hash)) return;
  const session = row.identity_id ? await sessionOf(db, token, (s) => s.id === row.identity_id) : null;
  if (session?.id !== row.identity_id || !row.identity_id)
    throw new ApiError("forbidden", "This token does not match the comment or its author.");
}

/** Loads the comment and runs the checks every author action shares: exists, origin, token, window. */
async function authorise(db: Db, id: string, ctx: AuthorContext, nowMs: number) {
  const { row, site } = await batch(db, { row: authorRow(db, id), site: siteOfComment(db, id) });
  if (!row || !site || (row.status !== "approved" && row.status !== "pending")) throw gone();
  ctx.admit(site.origins);
  await checkAuthorship(db, ctx.token, row);
  if (row.moderated_at !== null) {
    throw new ApiError(
      "edit_window_closed",
      "A moderator has acted on this comment; it can no longer be changed.",
    );
  }
  if (Date.parse(row.created_at) + site.editWindowSeconds * 1000 < nowMs) {
    throw new ApiError("edit_window_closed", "The time to edit or delete this comment has passed.");
  }
  return { row, site };
}

/** The edit's verdict: the hold reasons of the checks that apply to a text. */
async function judgeEdit(row: AuthorRow, site: Site, text: string, ctx: AuthorContext) {
  const rendered = renderComment(text);
  const local = screen({
    ...{ site, kind: "edit", shownText: rendered.shownText, linkCount: rendered.linkCount },
    ...{ trap: null, elapsedMs: null, banned: false, duplicate: false, otherThreads: 0 },
    approvedBefore: row.status === "approved",
    signedIn: row.identity_id !== null,
  });
  const remote = await remoteChecks(
    site,
    null,
    {
      kind: "edit",
      text,
      authorName: row.author_name,
      email: row.author_email,
      website: row.author_website,
      pageUrl: row.page_url,
    },
    ctx.remote,
  );
  return { rendered, reasons: [...local, ...remote].map((r) => `after an edit: ${r}`) };
}

export async function editComment(
  db: Db,
  id: string,
  text: string,
  ctx: AuthorContext,
): Promise<{
  answer: { comment: PublicComment };
  transitions: Transition[];
  changed: ReadScope;
  live: LiveChange[];
}> {
  const nowMs = Date.now();
  const { row, site } = await authorise(db, id, ctx, nowMs);
  if ([...text].length > Math.min(site.maxLength, LIMITS.textMax))
    throw validationError({ text: "too_long" });
  const { rendered, reasons } = await judgeEdit(row, site, text, ctx);
  const now = nowIso(nowMs);
  const held = reasons.length > 0;
  const { written, changed, comment } = await batch(db, {
    written: updateText(db, { id, text, html: rendered.html, rendererVersion: RENDERER_VERSION, now }),
    changed: held
      ? changeStatus(db, {
          ids: [id],
          status: "pending",
          reasons,
          now,
          moderated: false,
          onlyFrom: ["approved"],
          unmoderatedOnly: true,
        })
      : none<{ id: string }[]>([]),
    reasons: held && row.status === "pending" ? exec(appendReasons(db, id, reasons)) : none(undefined),
    comment: publicComment(db, id),
  });
  if (!written || !comment) throw gone();
  const after = { ...factsOf(row), text, status: comment.status, updatedAt: now };
  return {
    answer: { comment: toPublicComment(comment) },
    transitions: changed.length > 0 ? [{ from: row.status, to: "pending", by, comment: after }] : [],
    changed: { siteId: site.id },
    // A published comment that stays published: its readers see the new text.
    live: comment.status === "approved" ? [{ id, shownBefore: true }] : [],
  };
}

export async function deleteComment(
  db: Db,
  id: string,
  ctx: AuthorContext,
): Promise<{ transitions: Transition[]; changed: ReadScope }> {
  const nowMs = Date.now();
  const { row } = await authorise(db, id, ctx, nowMs);
  const now = nowIso(nowMs);
  const q = { id, now, guard: "author" } as const;
  const { changed } = await batch(db, {
    traces: exec(...clearTraces(db, q)),
    changed: changeStatus(db, {
      ...{ ids: [id], status: "deleted", reasons: [], now, moderated: false },
      ...{ onlyFrom: ["approved", "pending"], unmoderatedOnly: true },
    }),
    row: exec(...emptyRow(db, q)),
  });
  // Nothing changed: a concurrent delete or decision got there first.
  if (changed.length === 0) throw gone();
  return {
    transitions: [{ from: row.status, to: "erased", by, comment: factsOf(row) }],
    changed: { siteId: row.site_id },
  };
}
