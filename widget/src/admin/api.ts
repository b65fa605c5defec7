// Typed calls to the admin API (design/api.md, "Admin endpoints"). Answer shapes come from
// shared/admin-types.ts and request bodies from the worker's own schemas, type-only, so the
// dashboard cannot drift from the worker and no validation code lands in the bundle.
import type { InferInput } from "valibot";
import type {
  adminCommentPatchSchema,
  banCreateSchema,
  siteCreateSchema,
  sitePatchSchema,
  threadPatchSchema,
  tokenCreateSchema,
} from "../../../shared/admin-schemas.ts";
import type {
  AdminComment,
  AdminSite,
  AdminStatus,
  AdminThread,
  AdminToken,
  AuditEntry,
  Ban,
  OutboxMail,
  WebhookDelivery,
} from "../../../shared/admin-types.ts";
import type { ErrorBody, ErrorCode } from "../../../shared/types.ts";

/** Served by the same worker as the API, so paths are same-origin (admin routes answer no CORS). */
const BASE = "/api/v1/admin";
/** The API takes at most this many ids per bulk request. */
export const BULK_MAX = 100;

export type CommentPatch = InferInput<typeof adminCommentPatchSchema>;
export type ThreadPatch = InferInput<typeof threadPatchSchema>;
export type SiteInput = InferInput<typeof siteCreateSchema>;
export type SitePatch = InferInput<typeof sitePatchSchema>;
export type BanInput = InferInput<typeof banCreateSchema>;
export type TokenInput = InferInput<typeof tokenCreateSchema>;

export interface CommentQuery {
  site?: string;
  status?: AdminStatus | "all";
  url?: string;
  q?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An error answer: its status, stable code, message and per-field codes. */
export class AdminApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "network";
  readonly fields: Record<string, string>;

  constructor(status: number, body: Partial<ErrorBody["error"]>) {
    super(body.message || `The server answered ${status}.`);
    this.status = status;
    this.code = body.code ?? "internal";
    this.fields = body.fields ?? {};
  }
}

/** Query string of the set (non-empty) parameters only, so an unset filter is not a filter. */
export function queryOf(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) q.set(key, value);
  const s = q.toString();
  return s ? `?${s}` : "";
}

const seg = encodeURIComponent;

/**
 * The admin API bound to a token. `onDenied` runs on 401/403: the token is missing or wrong
 * (perhaps revoked meanwhile), so the dashboard goes back to its login form.
 *
 * An operator-only endpoint (the tokens) answers the same 403 to a valid moderator token: there,
 * a 403 is checked by listing the sites, which only signs out if the token itself is refused. The
 * caller then gets the 403 and says that only the operator can do this.
 */
export function adminApi(token: string, onDenied: (message: string) => void) {
  async function call<T>(method: string, path: string, body?: unknown, operatorOnly = false): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(`${BASE}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new AdminApiError(0, { code: "network" as ErrorCode, message: "Could not reach the server." });
    }
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
    if (res.ok && data) return data;
    const error = new AdminApiError(res.status, data?.error ?? {});
    if (res.status === 403 && operatorOnly) await call("GET", "/sites");
    else if (res.status === 401 || res.status === 403) onDenied(error.message);
    throw error;
  }

  const page = async <K extends string, T>(key: K, path: string): Promise<Page<T>> => {
    const data = await call<Record<K, T[]> & { nextCursor: string | null }>("GET", path);
    return { items: data[key], nextCursor: data.nextCursor };
  };

  return {
    comments: (q: CommentQuery, cursor: string | null) =>
      page<"comments", AdminComment>("comments", `/comments${queryOf({ ...q, cursor })}`),
    patchComment: (id: string, patch: CommentPatch) =>
      call<{ comment: AdminComment }>("PATCH", `/comments/${seg(id)}`, patch).then((d) => d.comment),
    bulk: (ids: string[], status: AdminStatus) =>
      call<{ updated: number }>("POST", "/comments/bulk", { ids, status }).then((d) => d.updated),
    erase: (id: string) => call<void>("DELETE", `/comments/${seg(id)}`),
    threads: (site: string | null, cursor: string | null) =>
      page<"threads", AdminThread>("threads", `/threads${queryOf({ site, cursor })}`),
    patchThread: (id: string, patch: ThreadPatch) =>
      call<{ thread: AdminThread }>("PATCH", `/threads/${seg(id)}`, patch).then((d) => d.thread),
    merge: (id: string, into: string) =>
      call<{ thread: AdminThread; moved: number }>("POST", `/threads/${seg(id)}/merge`, { into }),
    sites: () => call<{ sites: AdminSite[] }>("GET", "/sites").then((d) => d.sites),
    createSite: (site: SiteInput) => call<{ site: AdminSite }>("POST", "/sites", site).then((d) => d.site),
    updateSite: (id: string, patch: SitePatch) =>
      call<{ site: AdminSite }>("PATCH", `/sites/${seg(id)}`, patch).then((d) => d.site),
    bans: (site: string) => call<{ bans: Ban[] }>("GET", `/bans${queryOf({ site })}`).then((d) => d.bans),
    createBan: (ban: BanInput) => call<{ ban: Ban }>("POST", "/bans", ban).then((d) => d.ban),
    removeBan: (id: string) => call<void>("DELETE", `/bans/${seg(id)}`),
    audit: (site: string | null, cursor: string | null) =>
      page<"entries", AuditEntry>("entries", `/audit${queryOf({ site, cursor })}`),
    tokens: () => call<{ tokens: AdminToken[] }>("GET", "/tokens", undefined, true).then((d) => d.tokens),
    /** The token itself is in this answer only: it is stored as a hash and never shown again. */
    mintToken: (input: TokenInput) => call<{ token: string; id: string }>("POST", "/tokens", input, true),
    revokeToken: (id: string) => call<void>("DELETE", `/tokens/${seg(id)}`, undefined, true),
    outbox: (site: string | null) =>
      call<{ mails: OutboxMail[] }>("GET", `/outbox${queryOf({ site })}`).then((d) => d.mails),
    webhooks: (site: string | null) =>
      call<{ deliveries: WebhookDelivery[] }>("GET", `/webhooks${queryOf({ site })}`).then(
        (d) => d.deliveries,
      ),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

/** A thrown value as a sentence to show next to what failed. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
