// Test helpers: requests go through the real worker (`SELF`), data through the real D1.
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { VerifiedBy } from "../../shared/types.ts";
import { upsertSite } from "../../worker/src/db/sites.ts";
import { keysOf } from "../../worker/src/lib/keys.ts";
import { networkHash } from "../../worker/src/lib/network.ts";
import { forget, purge } from "../../worker/src/lib/reads/store.ts";
import { signIn } from "../../worker/src/services/auth/sessions.ts";
import { nextMillisecond, ON_NODE } from "./runtime.ts";

export const BLOG = "https://blog.example.com";
export const ARTICLE = `${BLOG}/2024/05/hello-world/`;

export async function addSite(
  id = "blog",
  origins: string[] = [BLOG],
  moderation: "none" | "links" | "first" | "all" = "none",
): Promise<void> {
  await upsertSite(env.DB, { id, name: `Site ${id}`, origins, moderation }, new Date().toISOString());
  // Tests post many comments from one network at once; the spam limits have tests of their own.
  await env.DB.prepare("UPDATE sites SET rate_limit_per_minute = 0, rate_limit_per_hour = 0 WHERE id = ?1")
    .bind(id)
    .run();
}

/** A reader id as the widget makes one (likes). */
export const READER = "tReaderAAAAAAAAAAAAAAA";
/** The request init of a like or unlike by READER from the blog's origin. */
export const likeInit = (method = "POST"): RequestInit => ({
  method,
  headers: { Origin: BLOG, "Content-Type": "application/json" },
  body: JSON.stringify({ reader: READER }),
});

/**
 * Confirmed notification addresses, written straight to the site (for tests about the mails
 * those addresses get; the confirmation itself is tested through its link in notify-confirm).
 */
export async function seedNotifyEmails(siteId: string, emails: string[]): Promise<void> {
  await env.DB.prepare("UPDATE sites SET notify_emails = ?2 WHERE id = ?1")
    .bind(siteId, JSON.stringify(emails))
    .run();
}

/**
 * A signed-in reader, made by the same service every sign-in route ends in (for tests about what a
 * session allows; each sign-in method is tested through its own routes).
 */
export async function signedIn(
  siteId = "blog",
  who: { kind?: VerifiedBy; subject?: string; name?: string; email?: string | null } = {},
) {
  const kind = who.kind ?? "email";
  const email = who.email === undefined ? (kind === "email" ? "reader@example.org" : null) : who.email;
  return signIn(env.DB, keysOf(env), {
    siteId,
    kind,
    subject: who.subject ?? email ?? "subject-1",
    name: who.name ?? "Verified Reader",
    email,
    method: kind,
  });
}

/**
 * The network key of a request through SELF without CF-Connecting-IP: workerd's SELF has no
 * address ("unknown"); the Node server always has its socket's peer (127.0.0.1 here).
 */
export async function selfNetwork(): Promise<string> {
  return ON_NODE ? ((await networkHash(keysOf(env), "127.0.0.1")) ?? "unknown") : "unknown";
}

export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(new Request(`https://confab.test${path}`, init));
}

export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BLOG, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export interface PostedComment {
  comment: {
    id: string;
    parentId: string | null;
    status: string;
    html: string;
    author: {
      name: string;
      website: string | null;
      avatar: string;
      isModerator: boolean;
      verified: string | null;
    } | null;
  };
  editToken: string;
  editableUntil: string;
}

export async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await postJson("/api/v1/comments", { site: "blog", url: ARTICLE, ...body }, headers);
  return { res, json: (await res.json()) as PostedComment & { error?: { code: string; fields?: object } } };
}

export async function getThread(query: string, headers: Record<string, string> = { Origin: BLOG }) {
  const res = await api(`/api/v1/threads?${query}`, { headers });
  return { res, json: (await res.json()) as any };
}

/**
 * Every row of every table, to prove a refused request wrote nothing. `except` leaves tables out
 * where a refusal writes by design (a rate-limit slot taken before a third party refused).
 */
export async function snapshot(opts: { except?: string[] } = {}): Promise<string> {
  const tables = [
    "sites",
    "site_origins",
    "threads",
    "comments",
    "likes",
    "reactions",
    "reports",
    "idempotency_keys",
    "admin_tokens",
    "bans",
    "audit_log",
    "rate_slots",
    "outbox",
    "webhook_deliveries",
    "reply_subscriptions",
    "notify_email_requests",
    "identities",
    "reader_sessions",
    "email_codes",
    "passkeys",
    "auth_challenges",
    "webmentions",
    "social_links",
  ].filter((t) => !opts.except?.includes(t));
  // Table names come from the constant list above, never from input. One round trip for all.
  const results = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`)));
  return JSON.stringify(Object.fromEntries(tables.map((t, i) => [t, results[i]?.results])));
}

/** A comment's stored moderation reasons, in order. */
export async function reasonsOf(id: string): Promise<string[]> {
  const row = await env.DB.prepare("SELECT moderation_reasons FROM comments WHERE id = ?1")
    .bind(id)
    .first<string>("moderation_reasons");
  return JSON.parse(row ?? "[]") as string[];
}

/** The attempts counted in the current minute for a rate-limit key (db/rate-slots.ts). */
export async function slotCount(key: string): Promise<number> {
  return (
    (await env.DB.prepare("SELECT minute_count FROM rate_slots WHERE key = ?1")
      .bind(key)
      .first<number>("minute_count")) ?? 0
  );
}

export async function expectError(res: Response, status: number, code: string): Promise<Record<string, any>> {
  const body = (await res.json()) as {
    error: { code: string; message: string; fields?: Record<string, string> };
  };
  if (res.status !== status || body.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  if (typeof body.error.message !== "string" || body.error.message.length === 0)
    throw new Error("no message");
  if (!res.headers.get("X-Request-Id")) throw new Error("no X-Request-Id");
  return body.error;
}

export const OPERATOR = "test-admin-token";

/** A request to the admin API with a bearer token (the operator's unless given). */
export function admin(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
) {
  const token = init.token === undefined ? OPERATOR : init.token;
  return api(`/api/v1/admin${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...init.headers,
    },
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body),
  });
}

export async function adminJson(path: string, init: Parameters<typeof admin>[1] = {}): Promise<any> {
  const res = await admin(path, init);
  if (res.status >= 300)
    throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** A moderator token for the site "blog" and one for "other" (labels "Blog mod", "Other mod"). */
export async function twoModerators(): Promise<{ blogMod: string; otherMod: string }> {
  const mint = async (label: string, site: string) =>
    (await adminJson("/tokens", { method: "POST", body: { label, sites: [site] } })).token as string;
  return { blogMod: await mint("Blog mod", "blog"), otherMod: await mint("Other mod", "other") };
}

export const RESET_SQL =
  "DELETE FROM social_links; DELETE FROM webmentions; DELETE FROM rate_slots; DELETE FROM outbox; DELETE FROM webhook_deliveries; DELETE FROM reply_subscriptions; DELETE FROM audit_log; DELETE FROM bans; DELETE FROM admin_tokens; DELETE FROM likes; DELETE FROM reactions; DELETE FROM reports; DELETE FROM idempotency_keys; DELETE FROM auth_challenges; DELETE FROM passkeys; DELETE FROM reader_sessions; DELETE FROM email_codes; DELETE FROM comments; DELETE FROM identities; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;";

/**
 * Forgets the stored reads of these sites in this isolate and its Cache API, as a write to each
 * would (worker/src/lib/reads/changed.ts): tests that reset D1 with SQL start from no stored answer.
 */
export async function forgetReads(...siteIds: string[]): Promise<void> {
  for (const siteId of siteIds) await forget("https://confab.test", purge({ siteId }));
  // A read built in the purge's own millisecond is not kept (lib/reads/store.ts, purgedSince).
  await nextMillisecond();
}
