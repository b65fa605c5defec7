// Posting a comment: checks in the order of api.md, render once, write in one atomic batch.

import { pageKey } from "../../../shared/page-key.ts";
import type { CreateCommentInput } from "../../../shared/schemas.ts";
import type { CommentStatus, CreateCommentResponse } from "../../../shared/types.ts";
import { selectActiveBan } from "../db/bans.ts";
import {
  countNewComment,
  insertComment,
  type NewComment,
  type ParentRow,
  selectApprovedBefore,
  selectParent,
  toPublicComment,
} from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { claimKey, isKeyConflict, type StoredAnswer, selectStoredAnswer } from "../db/idempotency.ts";
import { type Site, secretsFromResult, selectSite, siteFromResult } from "../db/sites.ts";
import { bumpRate, selectDuplicate, selectRateCounts } from "../db/spam-signals.ts";
import { insertThreadIfMissing, selectThreadByKey, threadFromResult } from "../db/threads.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { originAllowed } from "../lib/cors.ts";
import { hmacHex, sha256Hex } from "../lib/crypto.ts";
import { editTokenFor } from "../lib/edit-token.ts";
import { timeId } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";
import { countLinks, RENDERER_VERSION, renderMarkdown } from "../render/markdown.ts";
import { rateWindows, screen } from "../spam/pipeline.ts";
import { type RemoteContext, remoteChecks } from "../spam/remote-checks.ts";
import type { NewCommentNotice } from "./notify.ts";

export interface PostContext {
  /** Checks the request's Origin against the site once it is known (throws origin_not_allowed). */
  admit: (site: Site) => void;
  networkHash: string | null;
  secret: string;
  /** The client's Idempotency-Key: a repeat within 24 hours gets the first answer, writes nothing. */
  idempotencyKey: string | null;
  /** For the third-party checks (Turnstile, Akismet); the address is passed on, never stored. */
  remote: RemoteContext;
  /** Told once a new comment is written (mails, webhooks); runs after the answer. */
  written?: (site: Site, notice: NewCommentNotice, webhookSecret: string | null) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_MS = DAY_MS;

/** The stored first answer, with the edit token derived again (it is never stored). */
async function replay(stored: StoredAnswer, secret: string): Promise<CreateCommentResponse> {
  const body = JSON.parse(stored.body) as Omit<CreateCommentResponse, "editToken">;
  return { ...body, editToken: await editTokenFor(secret, stored.comment_id) };
}

const orNull = (s: string | null | undefined): string | null => (s ? s : null);

export async function createComment(
  db: Db,
  input: CreateCommentInput,
  ctx: PostContext,
): Promise<CreateCommentResponse> {
  const key = pageKey(input);
  const email = orNull(input.author?.email)?.toLowerCase() ?? null;
  const createdMs = Date.now();
  const since = nowIso(createdMs - IDEMPOTENCY_MS);
  const windows = rateWindows(input.site, ctx.networkHash, createdMs);
  const [
    siteResult,
    threadResult,
    parentResult,
    approvedResult,
    storedResult,
    banResult,
    dupResult,
    rateResult,
  ] = await db.batch([
    selectSite(db, input.site),
    selectThreadByKey(db, input.site, key),
    selectParent(db, input.parentId ?? ""),
    selectApprovedBefore(db, input.site, email, ctx.networkHash),
    selectStoredAnswer(db, input.site, ctx.idempotencyKey ?? "", since),
    selectActiveBan(db, { siteId: input.site, email, network: ctx.networkHash, now: nowIso(createdMs) }),
    selectDuplicate(db, {
      siteId: input.site,
      email,
      network: ctx.networkHash,
      text: input.text,
      since: nowIso(createdMs - DAY_MS),
    }),
    selectRateCounts(db, windows.minute, windows.hour),
  ]);

  const site = siteFromResult(siteResult);
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  ctx.admit(site);
  const stored = storedResult?.results?.[0] as StoredAnswer | undefined;
  if (ctx.idempotencyKey && stored) return replay(stored, ctx.secret);
  checkAgainstSite(site, input);

  const thread = threadFromResult(threadResult);
  if (thread?.locked) throw new ApiError("thread_locked", "Comments on this page are closed.");

  let parent: ParentRow | null = null;
  if (input.parentId) {
    parent = (parentResult?.results?.[0] as ParentRow | undefined) ?? null;
    if (!parent || !thread || parent.thread_id !== thread.id || parent.status !== "approved") {
      throw new ApiError("parent_not_found", "The comment you are replying to does not exist.");
    }
  }

  const now = nowIso(createdMs);
  const id = timeId(createdMs);
  const linkCount = countLinks(input.text);
  const counts = new Map(
    ((rateResult?.results ?? []) as { key: string; count: number }[]).map((r) => [r.key, r.count]),
  );
  const { holdReasons } = screen({
    site,
    text: input.text,
    trap: input.trap,
    elapsedMs: input.elapsedMs,
    linkCount,
    banned: (banResult?.results?.length ?? 0) > 0,
    duplicate: (dupResult?.results?.length ?? 0) > 0,
    rate: {
      minute: counts.get(windows.minute.key) ?? 0,
      hour: counts.get(windows.hour.key) ?? 0,
      nowMs: createdMs,
    },
  });
  const remote = await remoteChecks(
    site,
    secretsFromResult(siteResult).turnstileSecret,
    input,
    email,
    ctx.remote,
  );
  const moderated = moderate(site, linkCount, (approvedResult?.results?.length ?? 0) > 0);
  const reasons = [
    ...moderated.reasons,
    ...[...holdReasons, ...remote.holdReasons].map((r) => `spam check: ${r}`),
  ];
  const status: CommentStatus = reasons.length > 0 ? "pending" : moderated.status;
  const editToken = await editTokenFor(ctx.secret, id);
  const authorName = input.author?.name ?? "";
  const comment: NewComment = {
    id,
    siteId: site.id,
    pageKey: key,
    parent,
    status,
    authorName,
    authorEmail: email,
    authorWebsite: orNull(input.author?.website),
    avatarSeed: (await hmacHex(ctx.secret, `avatar:${email ?? (authorName || ctx.networkHash || id)}`)).slice(
      0,
      16,
    ),
    notifyReplies: input.notifyReplies === true,
    text: input.text,
    html: renderMarkdown(input.text),
    rendererVersion: RENDERER_VERSION,
    editTokenHash: await sha256Hex(editToken),
    networkHash: ctx.networkHash,
    moderationReasons: reasons,
    sourceId: null,
    createdAt: now,
  };

  const answer = {
    comment: toPublicComment({
      id,
      thread_id: thread?.id ?? "",
      site_id: site.id,
      parent_id: parent?.id ?? null,
      root_id: parent?.root_id ?? id,
      path: "",
      depth: parent ? parent.depth + 1 : 0,
      status,
      pinned: 0,
      likes: 0,
      reply_count: 0,
      author_name: comment.authorName,
      author_website: comment.authorWebsite,
      avatar_seed: comment.avatarSeed,
      is_moderator: 0,
      html: comment.html,
      created_at: now,
      edited_at: null,
    }),
    editableUntil: nowIso(createdMs + site.editWindowSeconds * 1000),
  };

  const claim = ctx.idempotencyKey
    ? claimKey(db, {
        siteId: site.id,
        key: ctx.idempotencyKey,
        commentId: id,
        body: JSON.stringify(answer),
        now,
        since,
      })
    : [];
  let written: D1Result | undefined;
  try {
    [, written] = await db.batch([
      insertThreadIfMissing(db, {
        id: timeId(createdMs),
        siteId: site.id,
        key,
        url: orNull(input.url),
        title: orNull(input.title),
        now,
      }),
      insertComment(db, comment),
      ...claim,
      ...countNewComment(db, { id, siteId: site.id, pageKey: key, parentId: parent?.id ?? null, now }),
      bumpRate(db, windows.minute),
      bumpRate(db, windows.hour),
    ]);
  } catch (err) {
    // A concurrent retry with the same key won the race; its answer is this one's too.
    if (!ctx.idempotencyKey || !isKeyConflict(err)) throw err;
    const first = await selectStoredAnswer(db, site.id, ctx.idempotencyKey, since).first<StoredAnswer>();
    if (!first) throw err;
    return replay(first, ctx.secret);
  }
  // The parent was deleted or held between our read and our write.
  if (!written?.meta.changes)
    throw new ApiError("parent_not_found", "The comment you are replying to is gone.");
  ctx.written?.(
    site,
    {
      id,
      status,
      parentId: parent?.id ?? null,
      email,
      notifyReplies: input.notifyReplies === true,
      authorName,
      text: input.text,
      pageUrl: thread?.url ?? orNull(input.url),
      pageTitle: thread?.title ?? orNull(input.title),
    },
    secretsFromResult(siteResult).webhookSecret,
  );
  return { ...answer, editToken };
}

/** The rules that depend on the site's settings rather than on the body's shape alone. */
function checkAgainstSite(site: Site, input: CreateCommentInput): void {
  const fields: Record<string, string> = {};
  if (input.url && !originAllowed(site.origins, new URL(input.url).origin)) fields.url = "invalid";
  if (site.requireName && !input.author?.name) fields["author.name"] = "required";
  if (site.requireEmail && !input.author?.email) fields["author.email"] = "required";
  if ([...input.text].length > site.maxLength) fields.text = "too_long";
  if (Object.keys(fields).length > 0) throw validationError(fields);
}

/** The site's moderation mode decides whether a new comment is published or held (api.md). */
function moderate(
  site: Site,
  linkCount: number,
  approvedBefore: boolean,
): { status: CommentStatus; reasons: string[] } {
  switch (site.moderation) {
    case "all":
      return { status: "pending", reasons: ["moderation: all comments are held"] };
    case "links":
      return linkCount > 0
        ? { status: "pending", reasons: ["moderation: contains links"] }
        : { status: "approved", reasons: [] };
    case "first":
      return approvedBefore
        ? { status: "approved", reasons: [] }
        : { status: "pending", reasons: ["moderation: first comment by this author"] };
    default:
      return { status: "approved", reasons: [] };
  }
}
