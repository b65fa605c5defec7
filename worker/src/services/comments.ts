// Posting a comment: load (one batch) → judge (the checks in spam/, the moderation mode among
// them) → write (one atomic batch). The answer goes back at once; the transition it reports is
// turned into mails and webhooks after it (services/moderation/effects.ts).
import type { CreateCommentInput } from "../../../shared/schemas.ts";
import type { CreateCommentResponse } from "../../../shared/types.ts";
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { isKeyConflict, type StoredAnswer, storedAnswer } from "../db/idempotency.ts";
import type { SessionRow } from "../db/identities.ts";
import type { Site } from "../db/sites.ts";
import { ApiError } from "../lib/api-error.ts";
import { sha256Hex } from "../lib/crypto.ts";
import { editTokenFor } from "../lib/edit-token.ts";
import type { Keys } from "../lib/keys.ts";
import type { LiveChange } from "../live/events.ts";
import { renderComment } from "../render/markdown.ts";
import type { RemoteContext } from "../spam/remote-checks.ts";
import type { SiteContext } from "./moderation/effects.ts";
import type { Transition } from "./moderation/transitions.ts";
import { authorOf } from "./post/author.ts";
import { buildComment, factsOf } from "./post/build.ts";
import { judgePost } from "./post/judge.ts";
import { loadForPost } from "./post/load.ts";
import { answerOf, writePost } from "./post/write.ts";

export interface PostContext {
  /** Checks the request's Origin against the site once it is known (throws origin_not_allowed). */
  admit: (site: Site) => void;
  keys: Keys;
  networkHash: string | null;
  /** The client's Idempotency-Key: a repeat within 24 hours gets the first answer, writes nothing. */
  idempotencyKey: string | null;
  /** For the third-party checks (Turnstile, Akismet); the address is passed on, never stored. */
  remote: RemoteContext;
  /** The signed-in reader of the request (of the post's site), or null for an anonymous post. */
  session: SessionRow | null;
}

export interface Posted {
  answer: CreateCommentResponse;
  transitions: Transition[];
  /** The site as loaded, for the effects (so they need not read it again). */
  sites: SiteContext[];
  /** A published comment as its thread's live readers get it, with no read after the answer. */
  live: LiveChange[];
}

/** The stored first answer, with the edit token derived again, if the request is the same one. */
async function replay(stored: StoredAnswer, requestHash: string, keys: Keys): Promise<Posted> {
  if (stored.request_hash !== "" && stored.request_hash !== requestHash) {
    throw new ApiError("idempotency_mismatch", "This Idempotency-Key was used for another comment.");
  }
  const body = JSON.parse(stored.body) as Omit<CreateCommentResponse, "editToken">;
  return {
    answer: { ...body, editToken: await editTokenFor(keys, stored.comment_id) },
    transitions: [],
    sites: [],
    live: [],
  };
}

/**
 * What makes two posts the same request: the comment, not how it was sent. A retry after a network
 * error carries the same key with a new Turnstile token and a longer `elapsedMs`; it must match.
 */
function requestHashOf(input: CreateCommentInput, identityId: string | null): Promise<string> {
  const { site, url, pageId, title, parentId, author, text, notifyReplies } = input;
  const fields = [site, url, pageId, title, parentId, author, text, notifyReplies];
  // Signed in, the identity is part of the request (anonymous hashes stay as they were).
  return sha256Hex(JSON.stringify(identityId ? [...fields, identityId] : fields));
}

export async function createComment(db: Db, input: CreateCommentInput, ctx: PostContext): Promise<Posted> {
  const nowMs = Date.now();
  const author = authorOf(input, ctx.session);
  const identityId = author.identity?.id ?? null;
  const who = {
    email: author.email,
    network: ctx.networkHash,
    idempotencyKey: ctx.idempotencyKey,
    identityId,
  };
  const requestHash = await requestHashOf(input, identityId);
  const loaded = await loadForPost(db, input, who, nowMs);
  if (!loaded.site) throw new ApiError("unknown_site", "This site is not registered.");
  const { site, turnstileSecret } = loaded.site;
  ctx.admit(site);
  if (ctx.idempotencyKey && loaded.stored) return replay(loaded.stored, requestHash, ctx.keys);

  const rendered = renderComment(input.text);
  const judged = await judgePost(db, {
    ...{ loaded, site, turnstileSecret, input, author, rendered, nowMs },
    network: ctx.networkHash,
    remote: ctx.remote,
  });
  const comment = await buildComment({
    ...{ keys: ctx.keys, site, loaded, input, judged, rendered, author, nowMs },
    network: ctx.networkHash,
  });
  const answer = answerOf(comment, loaded.thread, site, nowMs);
  const key = ctx.idempotencyKey;
  let count: number;
  try {
    count = await writePost(db, {
      comment,
      input,
      answer,
      idempotency: key ? { key, requestHash, since: loaded.since } : null,
      createdMs: nowMs,
    });
  } catch (err) {
    // A concurrent retry with the same key won the race; its answer is this one's too.
    if (!key || !isKeyConflict(err)) throw err;
    const { first } = await batch(db, { first: storedAnswer(db, site.id, key, loaded.since) });
    if (!first) throw err;
    return replay(first, requestHash, ctx.keys);
  }
  return {
    answer: { ...answer, editToken: await editTokenFor(ctx.keys, comment.id) },
    sites: [{ site, webhookSecret: loaded.site.webhookSecret }],
    live:
      comment.status === "approved"
        ? [
            {
              id: comment.id,
              shownBefore: false,
              thread: [site.id, comment.pageKey],
              known: { comment: answer.comment, count },
            },
          ]
        : [],
    transitions: [
      { from: null, to: comment.status, by: { kind: "reader" }, comment: factsOf(comment, loaded, input) },
    ],
  };
}
