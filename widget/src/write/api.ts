// The forms' calls to the API (design/api.md). They go through embed.js's own request(), lent
// with the contexts (deps.ts): the bookmark a write returns is then the one the thread's next
// reads send (../api.ts).
import type { CreateCommentInput } from "../../../shared/schemas.ts";
import type { CreateCommentResponse, PublicComment, ReactionResponse } from "../../../shared/types.ts";
// The reader id of likes, reactions and reports: only write.js acts for the reader.
import { readerId } from "../reader-id.ts";
import { commentPath, request } from "./deps.ts";

/**
 * embed.js's request() (lent, ../api.ts) with a JSON `body` and a signed-in reader's session
 * `token`; signin.js is lent this one as its request (./signin-load.ts).
 */
export const send = <T>(
  api: string,
  path: string,
  init: RequestInit = {},
  body?: unknown,
  token?: string,
): Promise<T> =>
  request<T>(api, path, {
    ...init,
    headers: {
      ...(body !== undefined && { "Content-Type": "application/json" }),
      ...(token && { Authorization: `Bearer ${token}` }),
      ...(init.headers as object),
    },
    body: JSON.stringify(body), // undefined stays undefined: no body
  });

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
  return send(api, "comments", { method: "POST", headers: { "Idempotency-Key": key } }, body, token);
}

export function editComment(
  api: string,
  id: string,
  text: string,
  token: string,
): Promise<{ comment: PublicComment }> {
  return send(api, commentPath(id), { method: "PATCH" }, { text }, token);
}

export function deleteComment(api: string, id: string, token: string): Promise<void> {
  return send(api, commentPath(id), { method: "DELETE" }, undefined, token);
}

export function preview(api: string, site: string, text: string): Promise<{ html: string }> {
  return send(api, "preview", { method: "POST" }, { site, text });
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
  return send(api, "reactions", { method: on ? "POST" : "DELETE" }, { ...body, reader: readerId() });
}

/** Reports a comment to the moderators, with the reader id of likes (docs/api.md). */
export function report(api: string, id: string, reason: string): Promise<{ received: true }> {
  return send(api, `${commentPath(id)}/report`, { method: "POST" }, { reason, reader: readerId() });
}

export function like(api: string, id: string, on: boolean): Promise<{ likes: number; liked: boolean }> {
  // A JSON body, as every write: it must not be a form post any page could forge.
  return send(api, `${commentPath(id)}/like`, { method: on ? "POST" : "DELETE" }, { reader: readerId() });
}
