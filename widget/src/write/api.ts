// The forms' calls to the API (design/api.md). They go through embed.js's own request(), lent
// with the contexts (deps.ts): the bookmark a write returns is then the one the thread's next
// reads send (../api.ts).
import type { CreateCommentInput } from "../../../shared/schemas.ts";
import type { CreateCommentResponse, PublicComment, ReactionResponse } from "../../../shared/types.ts";
// A copy of embed.js's module, not lent (embed.js has no byte left for it): both read the same
// stored id; only without storage would reactions and likes be two readers for one page view.
import { readerId } from "../reader-id.ts";
import { commentPath, request } from "./deps.ts";

/**
 * `key` makes a retry after a lost answer return the first answer instead of a second comment;
 * `token`, a signed-in reader's session, makes the author their identity (docs/api.md).
 */
export function postComment(
  api: string,
  body: CreateCommentInput,
  key: string,
  token?: string,
): Promise<CreateCommentResponse> {
  return request(api, "comments", { method: "POST", headers: { "Idempotency-Key": key } }, body, token);
}

export function editComment(
  api: string,
  id: string,
  text: string,
  token: string,
): Promise<{ comment: PublicComment }> {
  return request(api, commentPath(id), { method: "PATCH" }, { text }, token);
}

export function deleteComment(api: string, id: string, token: string): Promise<void> {
  return request(api, commentPath(id), { method: "DELETE" }, undefined, token);
}

export function preview(api: string, site: string, text: string): Promise<{ html: string }> {
  return request(api, "preview", { method: "POST" }, { site, text });
}

/** A random id (crypto.randomUUID needs a secure context; a host page may be plain http). */
export function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** Adds (`on`) or takes back one reaction on a page or a comment (docs/api.md, "Reactions"). */
export function react(
  api: string,
  body: { site: string; emoji: string; commentId?: string; url?: string; pageId?: string | null },
  on: boolean,
): Promise<ReactionResponse> {
  return request(api, "reactions", { method: on ? "POST" : "DELETE" }, { ...body, reader: readerId() });
}

/** Reports a comment to the moderators, with the reader id of likes (docs/api.md). */
export function report(api: string, id: string, reason: string): Promise<{ received: true }> {
  return request(api, `${commentPath(id)}/report`, { method: "POST" }, { reason, reader: readerId() });
}
