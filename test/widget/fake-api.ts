// A stand-in for the worker that answers like design/api.md: it checks what the widget sends
// (method, path, query, headers, JSON body) and answers with realistic JSON, recording each call.

import type { PasskeyInfo } from "../../shared/auth-types.ts";
import { LIMITS, READER_ID_PATTERN } from "../../shared/limits.ts";
import type { CreateCommentInput } from "../../shared/schemas.ts";
import type { ErrorBody, Identity, PublicComment, ThreadResponse } from "../../shared/types.ts";
import { answerAuth } from "./fake-auth.ts";

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: (CreateCommentInput & Record<string, any>) | undefined;
}

type Answer = Response | Promise<Response>;

export interface FakeApi {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  calls: Call[];
  /** Replaces the default answer to the next POST (an error, a network failure, a slow answer). */
  nextPost?: (call: Call) => Answer;
  /** Answers to other routes, by "METHOD /path" (query excluded); checked before the defaults. */
  routes: Record<string, (call: Call) => Answer>;
  /** Reader sessions the fake knows, by bearer token (./fake-auth.ts signs readers in). */
  sessions: Map<string, Identity>;
  /** The sign-in mails it "sent": the address, the code and the page to return to. */
  mails: { email: string; code: string; url: string }[];
  /** Each identity's passkeys, by identity id (GET and DELETE /auth/passkeys). */
  passkeys: Map<string, PasskeyInfo[]>;
}

export const API = "https://comments.example.com";

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "X-Request-Id": "req-1" },
  });
}

export function apiError(status: number, error: ErrorBody["error"]): Response {
  return json(status, { error });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function fakeApi(thread: ThreadResponse, options: { moderation?: "none" | "all" } = {}): FakeApi {
  let next = 0;
  const api: FakeApi = {
    calls: [],
    routes: {},
    sessions: new Map(),
    mails: [],
    passkeys: new Map(),
    fetch: async (input, init = {}) => {
      const url = new URL(String(input));
      const method = (init.method ?? "GET").toUpperCase();
      const headers = new Headers(init.headers);
      const body = typeof init.body === "string" ? (JSON.parse(init.body) as CreateCommentInput) : undefined;
      const call: Call = { method, url, headers, body };
      api.calls.push(call);

      if (url.origin !== API) throw new TypeError("Failed to fetch");
      const route = api.routes[`${method} ${url.pathname}`];
      if (route) return route(call);
      if (url.pathname.startsWith("/api/v1/auth/")) return answerAuth(api, thread, call);
      // A bearer token on a comment write is a reader session (an edit token is not one).
      const bearer = headers.get("Authorization")?.replace(/^Bearer /, "");
      const reader = bearer ? api.sessions.get(bearer) : undefined;
      if (method === "GET" && url.pathname === "/api/v1/threads") {
        if (url.searchParams.get("site") !== thread.site.id) {
          return apiError(404, { code: "unknown_site", message: "Unknown site." });
        }
        return json(200, thread);
      }
      if (method === "POST" && url.pathname === "/api/v1/comments") {
        if (headers.get("Content-Type") !== "application/json") {
          return apiError(415, {
            code: "unsupported_media_type",
            message: "Send the body as application/json.",
          });
        }
        if (bearer && !reader) return apiError(401, { code: "unauthorized", message: "Sign in again." });
        if (!reader && thread.site.posting === "verified") {
          return apiError(401, { code: "sign_in_required", message: "Sign in to comment on this site." });
        }
        if (api.nextPost) {
          const answer = api.nextPost;
          api.nextPost = undefined;
          return answer(call);
        }
        if ([...(body?.title ?? "")].length > LIMITS.titleMax) {
          return apiError(400, {
            code: "validation_failed",
            message: "Title is too long.",
            fields: { title: "too_long" },
          });
        }
        if (!body?.text?.trim()) {
          return apiError(400, {
            code: "validation_failed",
            message: "Text is required.",
            fields: { text: "required" },
          });
        }
        const parent = thread.comments.find((c) => c.id === body.parentId);
        if (body.parentId && parent?.status !== "approved") {
          return apiError(400, { code: "parent_not_found", message: "The parent comment does not exist." });
        }
        const comment: PublicComment = {
          id: `new${++next}`,
          parentId: body.parentId ?? null,
          // Signed in, the identity is the author, whatever the body says (docs/api.md).
          author: {
            name: reader?.name ?? body.author?.name ?? "",
            website: body.author?.website || null,
            avatar: reader?.avatar ?? "f00d",
            isModerator: false,
            verified: reader?.verified ?? null,
          },
          html: `<p>${escapeHtml(body.text.trim())}</p>`,
          createdAt: new Date().toISOString(),
          editedAt: null,
          reactions: {},
          likes: 0,
          status: options.moderation === "all" ? "pending" : "approved",
          replyCount: 0,
        };
        const editableUntil = new Date(Date.now() + 15 * 60_000).toISOString();
        return json(201, { comment, editToken: `tok-${comment.id}`, editableUntil });
      }
      const like = /^\/api\/v1\/comments\/([^/]+)\/like$/.exec(url.pathname)?.[1];
      if (like && (method === "POST" || method === "DELETE")) return answerLike(call, like);
      if (url.pathname === "/api/v1/reactions" && (method === "POST" || method === "DELETE"))
        return answerReaction(call);
      const reported = /^\/api\/v1\/comments\/([^/]+)\/report$/.exec(url.pathname)?.[1];
      if (reported && method === "POST") return answerReport(call, reported);
      return apiError(404, { code: "not_found", message: "Not found." });
    },
  };
  // The like contract of docs/api.md: a JSON body naming the reader; one like per reader.
  const likers = new Map<string, Set<string>>();
  const answerLike = ({ method, headers, body }: Call, id: string): Response => {
    const target = thread.comments.find((c) => c.id === id && c.status === "approved");
    if (!target) return apiError(404, { code: "not_found", message: "This comment does not exist." });
    if (headers.get("Content-Type") !== "application/json") {
      return apiError(415, { code: "unsupported_media_type", message: "Send the body as application/json." });
    }
    const reader = (body as { reader?: unknown } | undefined)?.reader;
    if (typeof reader !== "string" || !READER_ID_PATTERN.test(reader)) {
      const fields = { reader: reader === undefined ? "required" : "invalid" };
      return apiError(400, { code: "validation_failed", message: "Reader is not valid.", fields });
    }
    const set = likers.get(id) ?? new Set();
    likers.set(id, set);
    if (method === "POST") set.add(reader);
    else set.delete(reader);
    return json(200, { likes: target.likes + set.size, liked: set.has(reader) });
  };
  // The report contract of docs/api.md: a reason of 1..500 characters and a reader; 202.
  const answerReport = ({ headers, body }: Call, id: string): Response => {
    if (headers.get("Content-Type") !== "application/json") {
      return apiError(415, { code: "unsupported_media_type", message: "Send the body as application/json." });
    }
    if (!thread.comments.some((c) => c.id === id && c.status === "approved"))
      return apiError(404, { code: "not_found", message: "This comment does not exist." });
    const b = (body ?? {}) as { reason?: unknown; reader?: unknown };
    const reason = typeof b.reason === "string" ? b.reason.trim() : "";
    if (!reason || reason.length > 500)
      return apiError(400, { code: "validation_failed", message: "Reason.", fields: { reason: "required" } });
    if (typeof b.reader !== "string" || !READER_ID_PATTERN.test(b.reader))
      return apiError(400, { code: "validation_failed", message: "Reader.", fields: { reader: "invalid" } });
    return json(202, { received: true });
  };
  // The reaction contract of docs/api.md: one of the site's emoji, on the page or a comment, by a
  // reader; counts start from the thread answer's, one reaction of each emoji per reader.
  const reactors = new Map<string, Set<string>>();
  const answerReaction = ({ method, headers, body }: Call): Response => {
    if (headers.get("Content-Type") !== "application/json") {
      return apiError(415, { code: "unsupported_media_type", message: "Send the body as application/json." });
    }
    const b = (body ?? {}) as {
      reader?: string;
      emoji?: string;
      commentId?: string;
      url?: string;
      pageId?: string;
    };
    if (typeof b.reader !== "string" || !READER_ID_PATTERN.test(b.reader))
      return apiError(400, {
        code: "validation_failed",
        message: "Reader is not valid.",
        fields: { reader: "invalid" },
      });
    if (!b.emoji || !thread.site.reactions.includes(b.emoji))
      return apiError(400, {
        code: "validation_failed",
        message: "Not a reaction.",
        fields: { emoji: "invalid" },
      });
    if (!b.commentId && !b.url && !b.pageId)
      return apiError(400, {
        code: "validation_failed",
        message: "Which page?",
        fields: { url: "required" },
      });
    const comment = b.commentId ? thread.comments.find((c) => c.id === b.commentId) : undefined;
    if (b.commentId && comment?.status !== "approved")
      return apiError(404, { code: "not_found", message: "This comment does not exist." });
    const target = b.commentId ?? "page";
    const base = comment ? comment.reactions : thread.thread.reactions;
    const reactions: Record<string, number> = {};
    const mine: string[] = [];
    for (const emoji of thread.site.reactions) {
      const set = reactors.get(`${target} ${emoji}`) ?? new Set<string>();
      reactors.set(`${target} ${emoji}`, set);
      if (emoji === b.emoji) {
        if (method === "POST") set.add(b.reader);
        else set.delete(b.reader);
      }
      const n = (base[emoji] ?? 0) + set.size;
      if (n > 0) reactions[emoji] = n;
      if (set.has(b.reader)) mine.push(emoji);
    }
    return json(200, { reactions, mine });
  };
  return api;
}
