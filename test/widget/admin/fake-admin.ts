// A stand-in for the worker's admin API (design/api.md, "Admin endpoints"): it checks the bearer
// token, the method, path, query and JSON body of each request, answers like the worker from an
// in-memory state, and records every call for the tests to assert on.
import type {
  AdminComment,
  AdminIdentity,
  AdminReport,
  AdminSession,
  AdminSite,
  AdminThread,
  AdminToken,
  AuditEntry,
  Ban,
  OutboxMail,
  WebhookDelivery,
} from "../../../shared/admin-types.ts";
import { parseSocialUrl, type SocialKind } from "../../../shared/social.ts";
import type { ErrorBody } from "../../../shared/types.ts";
import { MODERATOR_TOKEN, notifyLists, TOKEN } from "./fixtures.ts";

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: any;
}

type Handler = (call: Call, params: string[]) => Response | Promise<Response>;

export interface State {
  comments: AdminComment[];
  threads: AdminThread[];
  sites: AdminSite[];
  bans: Ban[];
  audit: AuditEntry[];
  tokens: AdminToken[];
  outbox: OutboxMail[];
  deliveries: WebhookDelivery[];
  identities: AdminIdentity[];
  sessions: AdminSession[];
  reports: AdminReport[];
}

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
export const apiError = (status: number, error: ErrorBody["error"]) => json(status, { error });
const notFound = () => apiError(404, { code: "not_found", message: "Not found." });

/** Cursor paging like the worker: the cursor is the index of the next item. */
function paged<T>(items: T[], query: URLSearchParams, size: number) {
  const from = Number(query.get("cursor") ?? 0);
  const next = from + size < items.length ? String(from + size) : null;
  return { items: items.slice(from, from + size), next };
}

export class FakeAdmin {
  calls: Call[] = [];
  /** Answers replacing the defaults, by "METHOD /path" without the /api/v1/admin prefix. */
  override: Record<string, Handler> = {};
  pageSize = 50;

  state: State;

  constructor(state: State) {
    this.state = state;
  }

  /** Calls other than the sign-in check (GET /sites), which every session starts with. */
  get actions(): Call[] {
    return this.calls.filter((c) => !(c.method === "GET" && c.path === "/sites"));
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    if (!url.pathname.startsWith("/api/v1/admin/")) throw new TypeError("Failed to fetch");
    const path = url.pathname.slice("/api/v1/admin".length);
    const call: Call = { method, path, query: url.searchParams, headers, body };
    this.calls.push(call);

    const auth = headers.get("Authorization");
    if (!auth) return apiError(401, { code: "unauthorized", message: "An admin token is required." });
    const moderator = auth === `Bearer ${MODERATOR_TOKEN}`;
    if (auth !== `Bearer ${TOKEN}` && !moderator)
      return apiError(403, { code: "forbidden", message: "This token is not valid." });
    // Like the worker's requireOperator: a valid moderator token, refused here only.
    if (moderator && path.startsWith("/tokens"))
      return apiError(403, { code: "forbidden", message: "Only the operator token can do this." });
    if (body !== undefined && headers.get("Content-Type") !== "application/json") {
      return apiError(415, { code: "unsupported_media_type", message: "Send JSON." });
    }
    for (const [pattern, handler] of [...Object.entries(this.override), ...this.routes]) {
      const [m, p] = pattern.split(" ") as [string, string];
      const match = new RegExp(`^${p.replace(/:\w+/g, "([^/]+)")}$`).exec(path);
      if (m === method && match) return handler(call, match.slice(1).map(decodeURIComponent));
    }
    return notFound();
  };

  private routes: [string, Handler][] = [
    [
      "GET /comments",
      ({ query }) => {
        const status = query.get("status") ?? "pending";
        const q = query.get("q")?.toLowerCase();
        const list = this.state.comments.filter(
          (c) =>
            (status === "all" || c.status === status) &&
            (!query.get("site") || c.site === query.get("site")) &&
            (!query.get("url") || c.threadUrl === query.get("url")) &&
            (!q || c.text.toLowerCase().includes(q)),
        );
        const { items, next } = paged(list, query, this.pageSize);
        return json(200, { comments: items, nextCursor: next });
      },
    ],
    [
      "POST /comments/bulk",
      ({ body }) => {
        if (!Array.isArray(body.ids) || body.ids.length > 100) {
          return apiError(400, {
            code: "validation_failed",
            message: "Too many ids.",
            fields: { ids: "too_long" },
          });
        }
        const hit = this.state.comments.filter((c) => body.ids.includes(c.id));
        for (const c of hit) c.status = body.status;
        return json(200, { updated: hit.length });
      },
    ],
    [
      "PATCH /comments/:id",
      ({ body }, [id]) => {
        const c = this.state.comments.find((x) => x.id === id);
        if (!c) return notFound();
        if (body.status) c.status = body.status;
        if (body.pinned !== undefined) c.pinned = body.pinned;
        if (body.text !== undefined)
          Object.assign(c, {
            text: body.text,
            html: `<p>${body.text}</p>`,
            editedAt: "2011-04-02T00:00:00.000Z",
          });
        return json(200, { comment: { ...c } });
      },
    ],
    [
      "DELETE /comments/:id",
      (_, [id]) => {
        const before = this.state.comments.length;
        this.state.comments = this.state.comments.filter((x) => x.id !== id);
        return before === this.state.comments.length ? notFound() : new Response(null, { status: 204 });
      },
    ],
    [
      "GET /threads",
      ({ query }) => {
        const list = this.state.threads.filter((t) => !query.get("site") || t.site === query.get("site"));
        const { items, next } = paged(list, query, this.pageSize);
        return json(200, { threads: items, nextCursor: next });
      },
    ],
    [
      "PATCH /threads/:id",
      ({ body }, [id]) => {
        const t = this.state.threads.find((x) => x.id === id);
        if (!t) return notFound();
        const { social, ...rest } = body as { social?: { kind: SocialKind; url: string }[] };
        if (social) {
          const bad = social.findIndex((l) => !parseSocialUrl(l.kind, l.url));
          if (bad >= 0)
            return apiError(400, {
              code: "validation_failed",
              message: "Some fields are invalid.",
              fields: { [`social.${bad}.url`]: "invalid" },
            });
          t.social = social.map((l) => ({
            ...l,
            remoteRoot: null,
            pulledAt: null,
            error: null,
            createdAt: "2011-05-01T00:00:00.000Z",
          }));
        }
        Object.assign(t, rest);
        return json(200, { thread: { ...t } });
      },
    ],
    [
      "POST /threads",
      ({ body }) => {
        const { site, url, social } = body as {
          site: string;
          url: string;
          social: { kind: SocialKind; url: string }[];
        };
        if (!/^https:\/\/blog\.example\.com\//.test(url))
          return apiError(400, {
            code: "validation_failed",
            message: "Some fields are invalid.",
            fields: { url: "invalid" },
          });
        const key = new URL(url).pathname;
        const thread: AdminThread = {
          ...{ id: `new${this.state.threads.length}`, site, key, url, title: null, locked: false },
          ...{ commentCount: 0, createdAt: "2011-05-01T00:00:00.000Z" },
          social: social.map((l) => ({
            ...l,
            remoteRoot: null,
            pulledAt: null,
            error: null,
            createdAt: "2011-05-01T00:00:00.000Z",
          })),
        };
        this.state.threads.unshift(thread);
        return json(201, { thread });
      },
    ],
    [
      "POST /threads/:id/merge",
      ({ body }, [id]) => {
        const from = this.state.threads.find((x) => x.id === id);
        const into = this.state.threads.find((x) => x.id === body.into);
        if (!from || !into) return notFound();
        if (from === into) {
          return apiError(400, {
            code: "validation_failed",
            message: "A thread cannot merge into itself.",
            fields: { into: "invalid" },
          });
        }
        into.commentCount += from.commentCount;
        this.state.threads = this.state.threads.filter((x) => x !== from);
        return json(200, { thread: { ...into }, moved: from.commentCount });
      },
    ],
    ["GET /sites", () => json(200, { sites: this.state.sites })],
    [
      "POST /sites",
      ({ body }) => {
        const site = { ...this.state.sites[0], ...body, createdAt: "2011-05-01T00:00:00.000Z" } as AdminSite;
        this.state.sites.push(Object.assign(site, notifyLists([], body.notifyEmails ?? [])));
        return json(201, { site });
      },
    ],
    [
      "PATCH /sites/:id",
      ({ body }, [id]) => {
        const site = this.state.sites.find((s) => s.id === id);
        if (!site) return notFound();
        const { turnstileSecret: _t, webhookSecret: _w, notifyEmails, ...shown } = body;
        Object.assign(site, shown, notifyEmails ? notifyLists(site.notifyEmails, notifyEmails) : {});
        return json(200, { site: { ...site } });
      },
    ],
    [
      "GET /bans",
      ({ query }) => {
        if (!query.get("site")) {
          return apiError(400, {
            code: "validation_failed",
            message: "Site is required.",
            fields: { site: "required" },
          });
        }
        return json(200, { bans: this.state.bans.filter((b) => b.site === query.get("site")) });
      },
    ],
    [
      "POST /bans",
      ({ body }) => {
        const c = body.fromComment && this.state.comments.find((x) => x.id === body.fromComment);
        const value = c ? (body.kind === "ip" ? c.networkHash : c.authorEmail) : body.value;
        const made: Ban = {
          id: `b${this.state.bans.length + 1}`,
          site: body.site,
          kind: body.kind,
          value,
          reason: body.reason ?? null,
          expiresAt: body.expiresAt ?? null,
          createdAt: "2011-04-03T00:00:00.000Z",
        };
        this.state.bans.unshift(made);
        return json(201, { ban: made });
      },
    ],
    [
      "DELETE /bans/:id",
      (_, [id]) => {
        this.state.bans = this.state.bans.filter((b) => b.id !== id);
        return new Response(null, { status: 204 });
      },
    ],
    ["GET /tokens", () => json(200, { tokens: this.state.tokens })],
    [
      "POST /tokens",
      ({ body }) => {
        const fields: Record<string, string> = {};
        if (typeof body.label !== "string" || !body.label.trim()) fields.label = "required";
        if (!Array.isArray(body.sites) || body.sites.length === 0) fields.sites = "required";
        else if (body.sites.some((id: string) => !this.state.sites.some((s) => s.id === id)))
          fields.sites = "invalid";
        if (Object.keys(fields).length > 0)
          return apiError(400, { code: "validation_failed", message: "Some fields are not valid.", fields });
        const id = `tok${this.state.tokens.length + 1}`;
        this.state.tokens.push({
          id,
          label: body.label.trim(),
          sites: body.sites,
          createdAt: "2011-04-05T00:00:00.000Z",
          lastUsedAt: null,
        });
        return json(201, { token: `secret-${id}-0123456789abcdef`, id });
      },
    ],
    [
      "DELETE /tokens/:id",
      (_, [id]) => {
        const before = this.state.tokens.length;
        this.state.tokens = this.state.tokens.filter((t) => t.id !== id);
        return before === this.state.tokens.length
          ? apiError(404, { code: "not_found", message: "No such token." })
          : new Response(null, { status: 204 });
      },
    ],
    [
      "GET /outbox",
      ({ query }) =>
        json(200, {
          mails: this.state.outbox.filter((m) => !query.get("site") || m.site === query.get("site")),
        }),
    ],
    [
      "GET /reports",
      ({ query }) =>
        query.get("site")
          ? json(200, { reports: this.state.reports.filter((r) => r.site === query.get("site")) })
          : apiError(400, { code: "validation_failed", message: "Site.", fields: { site: "required" } }),
    ],
    [
      "GET /webhooks",
      ({ query }) =>
        json(200, {
          deliveries: this.state.deliveries.filter((d) => !query.get("site") || d.site === query.get("site")),
        }),
    ],
    [
      "POST /sites/:id/sso-secret",
      (_, [id]) => {
        const site = this.state.sites.find((s) => s.id === id);
        if (!site) return notFound();
        const rotated = site.ssoEnabled;
        site.ssoEnabled = true;
        return json(201, { secret: `sso-${id}-${rotated ? "rotated" : "first"}-0123456789abcdef` });
      },
    ],
    [
      "DELETE /sites/:id/sso-secret",
      (_, [id]) => {
        const site = this.state.sites.find((s) => s.id === id);
        if (!site) return notFound();
        site.ssoEnabled = false;
        return new Response(null, { status: 204 });
      },
    ],
    [
      "GET /identities",
      ({ query }) => {
        const q = query.get("q")?.toLowerCase();
        const list = this.state.identities.filter(
          (i) =>
            i.site === query.get("site") &&
            (!q || [i.name, i.email ?? "", i.subject].some((t) => t.toLowerCase().includes(q))),
        );
        const { items, next } = paged(list, query, this.pageSize);
        return json(200, { identities: items, nextCursor: next });
      },
    ],
    [
      "PATCH /identities/:id",
      ({ body }, [id]) => {
        const identity = this.state.identities.find((i) => i.id === id);
        if (!identity) return notFound();
        if (typeof body.isStaff !== "boolean")
          return apiError(400, {
            code: "validation_failed",
            message: "Bad.",
            fields: { isStaff: "invalid" },
          });
        identity.isStaff = body.isStaff;
        return json(200, { identity: { ...identity } });
      },
    ],
    [
      "DELETE /identities/:id/sessions",
      (_, [id]) => {
        const identity = this.state.identities.find((i) => i.id === id);
        if (!identity) return notFound();
        identity.sessions = 0;
        this.state.sessions = this.state.sessions.filter((s) => s.identity.id !== id);
        return new Response(null, { status: 204 });
      },
    ],
    [
      "DELETE /identities/:id/passkeys",
      (_, [id]) => {
        const identity = this.state.identities.find((i) => i.id === id);
        if (!identity) return notFound();
        const ended = (s: { identity: { id: string }; method: string }) =>
          s.identity.id === id && s.method === "passkey";
        identity.passkeys = 0;
        identity.sessions -= this.state.sessions.filter(ended).length;
        this.state.sessions = this.state.sessions.filter((s) => !ended(s));
        return json(200, { identity: { ...identity } });
      },
    ],
    [
      "GET /sessions",
      ({ query }) => {
        const list = this.state.sessions.filter((s) => s.site === query.get("site"));
        const { items, next } = paged(list, query, this.pageSize);
        return json(200, { sessions: items, nextCursor: next });
      },
    ],
    [
      "DELETE /sessions/:id",
      (_, [id]) => {
        const before = this.state.sessions.length;
        this.state.sessions = this.state.sessions.filter((s) => s.id !== id);
        return before === this.state.sessions.length ? notFound() : new Response(null, { status: 204 });
      },
    ],
    [
      "GET /audit",
      ({ query }) => {
        const { items, next } = paged(this.state.audit, query, this.pageSize);
        return json(200, { entries: items, nextCursor: next });
      },
    ],
  ];
}
