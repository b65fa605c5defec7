// Typed calls to the admin API (design/api.md, "Admin endpoints"). Every answer type is read from
// the worker's own routes (`AppType`) and every request body from the worker's own schemas, both
// type-only: the dashboard cannot drift from the worker, and no worker or validation code lands
// in the bundle. The types are Hono's RPC types, read from the flat route schema that `hc` itself
// is built from (`ExtractSchema`), so a call names its route as the worker writes it
// ("/comments/:id") and that one string is both its URL and its answer type; the calls go through
// `fetch` here, so not even Hono's client is bundled.
import type { ExtractSchema } from "hono/types";
import type { InferInput } from "valibot";
import type {
  adminCommentPatchSchema,
  adminCommentsQuerySchema,
  banCreateSchema,
  siteCreateSchema,
  sitePatchSchema,
  threadPatchSchema,
  tokenCreateSchema,
} from "../../../shared/admin-schemas.ts";
import type { ErrorBody, ErrorCode } from "../../../shared/types.ts";
import type { AppType } from "../../../worker/src/app.ts";

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
export type CommentQuery = Pick<InferInput<typeof adminCommentsQuerySchema>, "site" | "status" | "url" | "q">;

type Routes = ExtractSchema<AppType>;
type Method = "GET" | "POST" | "PATCH" | "DELETE";
type At<T, K> = K extends keyof T ? T[K] : never;
/** The admin routes that take `M`, by their path under BASE as the worker writes it ("/comments/:id"). */
type Route<M extends Method> = {
  [P in keyof Routes]: P extends `${typeof BASE}${infer R}`
    ? `$${Lowercase<M>}` extends keyof Routes[P]
      ? R
      : never
    : never;
}[keyof Routes];
/** A route's success: its input and what its handler answers with `c.json(…, 200 | 201)` (or 204). */
type Success<M extends Method, R extends Route<M>> = Extract<
  At<At<Routes, `${typeof BASE}${R}`>, `$${Lowercase<M>}`>,
  { status: 200 | 201 | 204 }
>;
type Answer<M extends Method, R extends Route<M>> = At<Success<M, R>, "output">;
type Input<M extends Method, R extends Route<M>, K extends string> = At<At<Success<M, R>, "input">, K>;
/** What a call must send: the route's `:params` ({ id }) and JSON body, exactly when it takes them. */
type Sent<M extends Method, R extends Route<M>> = ([Input<M, R, "param">] extends [never]
  ? { params?: never }
  : { params: Input<M, R, "param"> }) &
  ([Input<M, R, "json">] extends [never] ? { body?: never } : { body: Input<M, R, "json"> });
type Item<M extends Method, R extends Route<M>, K extends keyof Answer<M, R>> = At<Answer<M, R>[K], number>;

export type AdminComment = Item<"GET", "/comments", "comments">;
export type AdminThread = Item<"GET", "/threads", "threads">;
export type AdminSite = Item<"GET", "/sites", "sites">;
export type Ban = Item<"GET", "/bans", "bans">;
export type AdminToken = Item<"GET", "/tokens", "tokens">;
export type AuditEntry = Item<"GET", "/audit", "entries">;
export type OutboxMail = Item<"GET", "/outbox", "mails">;
export type WebhookDelivery = Item<"GET", "/webhooks", "deliveries">;
export type AdminReport = Item<"GET", "/reports", "reports">;
export type AdminIdentity = Item<"GET", "/identities", "identities">;
export type AdminSession = Item<"GET", "/sessions", "sessions">;
export type AdminStatus = AdminComment["status"];

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

/** A route's path with its `:params` filled in ("/comments/:id" → "/comments/c%2F1"). */
function pathOf(route: string, params: Record<string, string>): string {
  return route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
}

interface CallOptions {
  query?: Record<string, string | null | undefined>;
  /** The endpoint is the operator's only (see `adminApi`). */
  operatorOnly?: boolean;
}

/**
 * The admin API bound to a token. `onDenied` runs on 401/403: the token is missing or wrong
 * (perhaps revoked meanwhile), so the dashboard goes back to its login form.
 *
 * An operator-only endpoint (the tokens) answers the same 403 to a valid moderator token: there,
 * a 403 is checked by listing the sites, which only signs out if the token itself is refused. The
 * caller then gets the 403 and says that only the operator can do this.
 */
export function adminApi(token: string, onDenied: (message: string) => void) {
  /** Calls a route named as the worker names it, so its path and its answer type are one. */
  async function call<M extends Method, R extends Route<M>>(
    method: M,
    route: R,
    options: CallOptions & Sent<M, R> = {} as CallOptions & Sent<M, R>,
  ): Promise<Answer<M, R>> {
    // Checked against the route above (`Sent`); read here as what any call may carry.
    const sent = options as CallOptions & { params?: Record<string, string>; body?: unknown };
    const { params = {}, query = {}, body, operatorOnly = false } = sent;
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(`${BASE}${pathOf(route, params)}${queryOf(query)}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new AdminApiError(0, { code: "network" as ErrorCode, message: "Could not reach the server." });
    }
    if (res.status === 204) return null as Answer<M, R>;
    const data = (await res.json().catch(() => null)) as (Answer<M, R> & Partial<ErrorBody>) | null;
    if (res.ok && data) return data;
    const error = new AdminApiError(res.status, data?.error ?? {});
    if (res.status === 403 && operatorOnly) await call("GET", "/sites");
    else if (res.status === 401 || res.status === 403) onDenied(error.message);
    throw error;
  }

  const operatorOnly = true;
  return {
    comments: (q: CommentQuery, cursor: string | null): Promise<Page<AdminComment>> =>
      call("GET", "/comments", { query: { ...q, cursor } }).then((d) => ({
        items: d.comments,
        nextCursor: d.nextCursor,
      })),
    patchComment: (id: string, patch: CommentPatch) =>
      call("PATCH", "/comments/:id", { params: { id }, body: patch }).then((d) => d.comment),
    bulk: (ids: string[], status: AdminStatus) =>
      call("POST", "/comments/bulk", { body: { ids, status } }).then((d) => d.updated),
    erase: (id: string) => call("DELETE", "/comments/:id", { params: { id } }),
    threads: (site: string | null, cursor: string | null): Promise<Page<AdminThread>> =>
      call("GET", "/threads", { query: { site, cursor } }).then((d) => ({
        items: d.threads,
        nextCursor: d.nextCursor,
      })),
    patchThread: (id: string, patch: ThreadPatch) =>
      call("PATCH", "/threads/:id", { params: { id }, body: patch }).then((d) => d.thread),
    /** The thread of a page (made when it has none yet) with its linked posts set. */
    linkPage: (body: { site: string; url: string; social: ThreadPatch["social"] & {} }) =>
      call("POST", "/threads", { body }).then((d) => d.thread),
    merge: (id: string, into: string) =>
      call("POST", "/threads/:id/merge", { params: { id }, body: { into } }),
    sites: () => call("GET", "/sites").then((d) => d.sites),
    createSite: (site: SiteInput) => call("POST", "/sites", { body: site }).then((d) => d.site),
    updateSite: (id: string, patch: SitePatch) =>
      call("PATCH", "/sites/:id", { params: { id }, body: patch }).then((d) => d.site),
    bans: (site: string) => call("GET", "/bans", { query: { site } }).then((d) => d.bans),
    reports: (site: string) => call("GET", "/reports", { query: { site } }).then((d) => d.reports),
    createBan: (ban: BanInput) => call("POST", "/bans", { body: ban }).then((d) => d.ban),
    removeBan: (id: string) => call("DELETE", "/bans/:id", { params: { id } }),
    audit: (site: string | null, cursor: string | null): Promise<Page<AuditEntry>> =>
      call("GET", "/audit", { query: { site, cursor } }).then((d) => ({
        items: d.entries,
        nextCursor: d.nextCursor,
      })),
    tokens: () => call("GET", "/tokens", { operatorOnly }).then((d) => d.tokens),
    /** The token itself is in this answer only: it is stored as a hash and never shown again. */
    mintToken: (input: TokenInput) => call("POST", "/tokens", { body: input, operatorOnly }),
    revokeToken: (id: string) => call("DELETE", "/tokens/:id", { params: { id }, operatorOnly }),
    outbox: (site: string | null) => call("GET", "/outbox", { query: { site } }).then((d) => d.mails),
    webhooks: (site: string | null) =>
      call("GET", "/webhooks", { query: { site } }).then((d) => d.deliveries),
    /** The secret is in this answer only: it is never shown again (rotate to get a new one). */
    makeSsoSecret: (id: string) =>
      call("POST", "/sites/:id/sso-secret", { params: { id } }).then((d) => d.secret),
    clearSsoSecret: (id: string) => call("DELETE", "/sites/:id/sso-secret", { params: { id } }),
    identities: (q: { site: string; q?: string }, cursor: string | null): Promise<Page<AdminIdentity>> =>
      call("GET", "/identities", { query: { ...q, cursor } }).then((d) => ({
        items: d.identities,
        nextCursor: d.nextCursor,
      })),
    setStaff: (id: string, isStaff: boolean) =>
      call("PATCH", "/identities/:id", { params: { id }, body: { isStaff } }).then((d) => d.identity),
    signOutEverywhere: (id: string) => call("DELETE", "/identities/:id/sessions", { params: { id } }),
    removePasskeys: (id: string) =>
      call("DELETE", "/identities/:id/passkeys", { params: { id } }).then((d) => d.identity),
    sessions: (q: { site: string; identity?: string }, cursor: string | null): Promise<Page<AdminSession>> =>
      call("GET", "/sessions", { query: { ...q, cursor } }).then((d) => ({
        items: d.sessions,
        nextCursor: d.nextCursor,
      })),
    revokeSession: (id: string) => call("DELETE", "/sessions/:id", { params: { id } }),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

/** A thrown value as a sentence to show next to what failed. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
