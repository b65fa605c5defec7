// Typed calls to the Confab API (design/api.md). Shapes come from shared/ so the widget and the
// worker cannot drift apart; only types are imported, so no validation code lands in the bundle.
import type { CreateCommentInput } from "../../shared/schemas.ts";
import type {
  CreateCommentResponse,
  ErrorBody,
  ErrorCode,
  PublicComment,
  SortOrder,
  ThreadResponse,
} from "../../shared/types.ts";

/** An error answer of the API, carrying its stable code and the per-field codes. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;

  constructor(body: ErrorBody["error"]) {
    super(body.message);
    this.code = body.code;
    this.fields = body.fields ?? {};
  }
}

export interface ThreadParams {
  site: string;
  url?: string | null;
  pageId?: string | null;
  sort?: SortOrder | null;
  cursor?: string | null;
}

export interface Page {
  comments: PublicComment[];
  nextCursor: string | null;
}

/**
 * The D1 bookmark of the last write, per API (when the worker runs with D1_SESSIONS on). Sent with
 * the next reads of that API, so they are served from data at least as fresh as the write: the
 * author sees their own comment even when a read replica is behind.
 */
const bookmarks: Record<string, string> = {};

async function request<T>(url: string, init?: RequestInit, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, {
    ...init,
    headers: { ...headers, ...(init?.headers as object) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bookmark = res.headers.get("X-Confab-Bookmark");
  // Only writes set a method here; reads keep the bookmark they were sent with.
  if (bookmark && init?.method) bookmarks[url.slice(0, url.lastIndexOf("/api/v1/"))] = bookmark;
  if (res.status === 204) return undefined as T;
  // A proxy's HTML error page is not an API answer: it surfaces as a plain Error (the generic
  // message), while a real error body keeps its own message.
  const data = await res.json().catch(() => null);
  if (res.ok && data) return data as T;
  const error = (data as ErrorBody | null)?.error;
  throw error?.message ? new ApiError(error) : new Error(`HTTP ${res.status}`);
}

/** One request for the whole page: the site's settings, the thread and its comments. */
export function fetchThread(api: string, p: ThreadParams, signal?: AbortSignal): Promise<ThreadResponse> {
  const query = new URLSearchParams({ site: p.site });
  // The page id, when given, is the thread's identity; the URL would only add noise to caches.
  if (p.pageId) query.set("pageId", p.pageId);
  else if (p.url) query.set("url", p.url);
  if (p.sort) query.set("sort", p.sort);
  if (p.cursor) query.set("cursor", p.cursor);
  // A query parameter, not a header: a GET with a custom header would need a CORS preflight.
  if (bookmarks[api]) query.set("bookmark", bookmarks[api]);
  return request(`${api}/api/v1/threads?${query}`, { signal });
}

/** The replies of a root beyond those inlined in the thread answer. */
export function fetchReplies(api: string, id: string, cursor: string | null): Promise<Page> {
  const query = new URLSearchParams(cursor ? { cursor } : {});
  if (bookmarks[api]) query.set("bookmark", bookmarks[api]);
  return request(`${api}/api/v1/comments/${encodeURIComponent(id)}/replies?${query}`);
}

/** `key` makes a retry after a lost answer return the first answer instead of a second comment. */
export function postComment(
  api: string,
  body: CreateCommentInput,
  key: string,
): Promise<CreateCommentResponse> {
  return request(`${api}/api/v1/comments`, { method: "POST", headers: { "Idempotency-Key": key } }, body);
}

const commentUrl = (api: string, id: string) => `${api}/api/v1/comments/${encodeURIComponent(id)}`;

export function editComment(
  api: string,
  id: string,
  text: string,
  token: string,
): Promise<{ comment: PublicComment }> {
  return request(commentUrl(api, id), { method: "PATCH" }, { text }, token);
}

export function deleteComment(api: string, id: string, token: string): Promise<void> {
  return request(commentUrl(api, id), { method: "DELETE" }, undefined, token);
}

export function like(api: string, id: string, on: boolean): Promise<{ likes: number; liked: boolean }> {
  // An empty JSON body: like every write, it must not be a form post any page could forge.
  return request(`${commentUrl(api, id)}/like`, { method: on ? "POST" : "DELETE" }, {});
}

export function preview(api: string, site: string, text: string): Promise<{ html: string }> {
  return request(`${api}/api/v1/preview`, { method: "POST" }, { site, text });
}

/** A random id (crypto.randomUUID needs a secure context; a host page may be plain http). */
export function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}
