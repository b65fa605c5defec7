// Typed calls to the Confab API (design/api.md). Shapes come from shared/ so the widget and the
// worker cannot drift apart; only types are imported, so no validation code lands in the bundle.
import type { CreateCommentInput } from "../../shared/schemas.ts";
import type {
  CreateCommentResponse,
  ErrorBody,
  ErrorCode,
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
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  // A proxy's HTML error page is not an API answer: it surfaces as a plain Error (the generic
  // message), while a real error body keeps its own message.
  const body = await res.json().catch(() => null);
  if (res.ok && body) return body as T;
  const error = (body as ErrorBody | null)?.error;
  throw error?.message ? new ApiError(error) : new Error(`HTTP ${res.status}`);
}

/** One request for the whole page: the site's settings, the thread and its comments. */
export function fetchThread(api: string, p: ThreadParams, signal?: AbortSignal): Promise<ThreadResponse> {
  const query = new URLSearchParams({ site: p.site });
  // The page id, when given, is the thread's identity; the URL would only add noise to caches.
  if (p.pageId) query.set("pageId", p.pageId);
  else if (p.url) query.set("url", p.url);
  if (p.sort) query.set("sort", p.sort);
  return request(`${api}/api/v1/threads?${query}`, { signal });
}

export function postComment(api: string, body: CreateCommentInput): Promise<CreateCommentResponse> {
  return request(`${api}/api/v1/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
