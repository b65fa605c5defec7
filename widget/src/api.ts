// Typed calls to the Confab API (design/api.md): the reads here, the forms' calls and likes in
// write/api.ts. Shapes come from shared/ so the widget and the worker cannot drift apart; only
// types are imported, so no validation code lands in the bundle.
import type { ErrorBody, ErrorCode, PublicComment, SortOrder, ThreadResponse } from "../../shared/types.ts";

/**
 * An error answer of the API, carrying its stable code and the per-field codes. An Error with
 * two more fields, not a class: write.js gets these from embed.js's request() and tells them by
 * their fields (`"code" in err`), so no instanceof needs the class.
 */
export interface ApiError extends Error {
  code: ErrorCode;
  fields: Record<string, string>;
  /** Seconds to wait, from a Retry-After header in seconds (rate_limited); 0 when not given. */
  retryAfter: number;
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

/**
 * Calls `${api}/api/v1/${path}`. write.js makes its calls (write/api.ts, `send`, which adds the
 * JSON body and the session) through this very function, lent to it (write/deps.ts), so the
 * bookmark of a comment it posts is the one the thread's next reads send.
 */
export async function request<T>(api: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${api}/api/v1/${path}`, init);
  const bookmark = res.headers.get("X-Confab-Bookmark");
  // Only writes set a method here; reads keep the bookmark they were sent with.
  if (bookmark && init.method) bookmarks[api] = bookmark;
  if (res.status === 204) return undefined as T;
  // A proxy's HTML error page is not an API answer: it surfaces as a plain Error (the generic
  // message), while a real error body keeps its own message.
  const data = await res.json().catch(() => null);
  if (res.ok && data) return data as T;
  const error = (data as ErrorBody | null)?.error;
  throw error?.message
    ? Object.assign(new Error(error.message), {
        code: error.code,
        fields: error.fields ?? {},
        // An HTTP date instead of seconds is NaN here, so 0: "wait a moment" (i18n/errors.ts).
        retryAfter: Number(res.headers.get("Retry-After")) || 0,
      })
    : new Error(`HTTP ${res.status}`);
}

/**
 * A read's query: the `params` that are set, then the bookmark of the last write to `api`, as a
 * query parameter rather than a header (a GET with a custom header would need a CORS preflight).
 */
const query = (api: string, params: Record<string, string | null | undefined>) =>
  new URLSearchParams(
    Object.entries({ ...params, bookmark: bookmarks[api] }).filter((p): p is [string, string] => !!p[1]),
  );

/** One request for the whole page: the site's settings, the thread and its comments. */
export function fetchThread(api: string, p: ThreadParams, signal?: AbortSignal): Promise<ThreadResponse> {
  const { site, pageId, url, sort, cursor } = p;
  // The page id, when given, is the thread's identity; the URL would only add noise to caches.
  return request(api, `threads?${query(api, { site, pageId, url: pageId ? null : url, sort, cursor })}`, {
    signal,
  });
}

export const commentPath = (id: string) => `comments/${encodeURIComponent(id)}`;

/** The replies of a root beyond those inlined in the thread answer. */
export function fetchReplies(api: string, id: string, cursor: string | null): Promise<Page> {
  return request(api, `${commentPath(id)}/replies?${query(api, { cursor })}`);
}
