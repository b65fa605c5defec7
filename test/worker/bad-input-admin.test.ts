// Bad input on every admin request: each body field and query parameter tried with values of
// every wrong type (bad-input.ts), with the operator's token.
import { env } from "cloudflare:workers";
import { beforeEach, describe } from "vitest";
import { type FieldSpec, fieldTests, queryTests } from "./bad-input.ts";
import { ARTICLE, addSite, admin, adminJson, BLOG, post, RESET_SQL } from "./helpers.ts";

let comment = "";
let thread = "";
let other = "";
beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM outbox; DELETE FROM notify_email_requests;`);
  await addSite();
  comment = (await post({ text: "a comment", author: { email: "ann@example.com" } })).json.comment.id;
  await post({ url: `${BLOG}/other`, text: "elsewhere" });
  const { threads } = await adminJson("/threads?site=blog");
  thread = threads.find((t: any) => t.url === ARTICLE).id;
  other = threads.find((t: any) => t.id !== thread).id;
});

const send = (method: string, path: () => string) => (body: unknown) =>
  admin(path(), { method, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });

describe("comments", () => {
  fieldTests({
    name: "PATCH /admin/comments/:id",
    send: send("PATCH", () => `/comments/${comment}`),
    valid: () => ({ status: "approved", text: "edited", pinned: true }),
    fields: [
      { path: "status", kind: "string" },
      { path: "text", kind: "string" },
      { path: "pinned", kind: "boolean" },
    ],
  });
  fieldTests({
    name: "POST /admin/comments/bulk",
    send: send("POST", () => "/comments/bulk"),
    valid: () => ({ ids: [comment], status: "spam" }),
    fields: [
      { path: "ids", kind: "strings" },
      { path: "status", kind: "string" },
    ],
  });
});

describe("threads", () => {
  fieldTests({
    name: "PATCH /admin/threads/:id",
    send: send("PATCH", () => `/threads/${thread}`),
    valid: () => ({ locked: true, title: "New title", url: `${BLOG}/moved` }),
    fields: [
      { path: "locked", kind: "boolean" },
      { path: "title", kind: "string", nullable: true },
      { path: "url", kind: "string" },
    ],
  });
  fieldTests({
    name: "POST /admin/threads",
    send: send("POST", () => "/threads"),
    // No linked post: nothing is pulled after the answer (social's own cases: social-links.test.ts).
    valid: () => ({ site: "blog", url: `${BLOG}/fresh`, title: "Fresh", social: [] }),
    fields: [
      { path: "site", kind: "string" },
      { path: "url", kind: "string" },
      { path: "title", kind: "string", nullable: true },
    ],
  });
  fieldTests({
    name: "POST /admin/threads/:id/merge",
    send: send("POST", () => `/threads/${other}/merge`),
    valid: () => ({ into: thread }),
    fields: [{ path: "into", kind: "string" }],
  });
});

// Every Site field with a valid value (no notification address: its mail would be written after
// the answer, into the snapshots of the next cases).
const SITE = {
  name: "New",
  origins: ["https://new.example"],
  moderation: "first",
  requireName: true,
  requireEmail: false,
  editWindowSeconds: 60,
  maxLength: 500,
  maxLinks: 1,
  minSubmitMs: 0,
  rateLimitPerMinute: 5,
  rateLimitPerHour: 30,
  blockedWords: ["casino"],
  blockedWordsAction: "reject",
  retentionDays: 30,
  turnstileSiteKey: "site-key",
  turnstileSecret: "secret",
  notifyEmails: [],
  webhookUrl: "https://hooks.example.com/x",
  webhookSecret: "hook-secret",
  posting: "verified-or-held",
  reservedNames: ["Owner"],
  blockedSources: ["spam.example"],
  signIn: ["email", "passkey"],
};
const SITE_FIELDS: FieldSpec[] = [
  { path: "name", kind: "string" },
  { path: "origins", kind: "strings" },
  { path: "moderation", kind: "string" },
  { path: "requireName", kind: "boolean" },
  { path: "requireEmail", kind: "boolean" },
  { path: "editWindowSeconds", kind: "number" },
  { path: "maxLength", kind: "number" },
  { path: "maxLinks", kind: "number" },
  { path: "minSubmitMs", kind: "number" },
  { path: "rateLimitPerMinute", kind: "number" },
  { path: "rateLimitPerHour", kind: "number" },
  { path: "blockedWords", kind: "strings" },
  { path: "blockedWordsAction", kind: "string" },
  { path: "retentionDays", kind: "number" },
  { path: "turnstileSiteKey", kind: "string", nullable: true },
  { path: "turnstileSecret", kind: "string", nullable: true },
  { path: "notifyEmails", kind: "strings" },
  { path: "webhookUrl", kind: "string", nullable: true },
  { path: "webhookSecret", kind: "string", nullable: true },
  { path: "posting", kind: "string" },
  { path: "reservedNames", kind: "strings" },
  { path: "blockedSources", kind: "strings" },
  { path: "signIn", kind: "strings" },
];

describe("sites", () => {
  fieldTests({
    name: "POST /admin/sites",
    send: send("POST", () => "/sites"),
    valid: () => ({ id: "new", ...SITE }),
    fields: [{ path: "id", kind: "string" }, ...SITE_FIELDS],
  });
  fieldTests({
    name: "PATCH /admin/sites/:id",
    send: send("PATCH", () => "/sites/blog"),
    valid: () => ({ ...SITE }),
    fields: SITE_FIELDS,
  });
});

describe("bans and tokens", () => {
  fieldTests({
    name: "POST /admin/bans (by value)",
    send: send("POST", () => "/bans"),
    valid: () => ({
      site: "blog",
      kind: "email",
      value: "troll@example.com",
      reason: "trolling",
      expiresAt: "2099-01-01T00:00:00.000Z",
    }),
    fields: [
      { path: "site", kind: "string" },
      { path: "kind", kind: "string" },
      { path: "value", kind: "string" },
      { path: "reason", kind: "string", nullable: true },
      { path: "expiresAt", kind: "string", nullable: true },
    ],
  });
  fieldTests({
    name: "POST /admin/bans (from a comment)",
    send: send("POST", () => "/bans"),
    valid: () => ({ site: "blog", kind: "email", fromComment: comment }),
    fields: [{ path: "fromComment", kind: "string" }],
  });
  fieldTests({
    name: "POST /admin/tokens",
    send: send("POST", () => "/tokens"),
    valid: () => ({ label: "Ann", sites: ["blog"] }),
    fields: [
      { path: "label", kind: "string" },
      { path: "sites", kind: "strings" },
    ],
  });
});

/** The smallest WordPress export: a channel with no posts (imports nothing, answers 200). */
const EMPTY_WXR = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>';
const get =
  (path: string, method = "GET") =>
  (q: URLSearchParams) =>
    admin(`${path}?${q}`, { method, ...(method === "POST" ? { body: EMPTY_WXR } : {}) });
// A site id is any string (an unknown one is a 404), so only a repeat is of the wrong type.
const site = { name: "site", bad: [] };
const cursor = { name: "cursor", bad: ["not a cursor!"] };

describe("admin queries", () => {
  queryTests({
    name: "GET /admin/comments",
    send: get("/comments"),
    valid: () => ({ site: "blog", status: "all", url: ARTICLE, q: "comment", limit: "10" }),
    fields: [
      site,
      { name: "status", bad: ["held"] },
      { name: "url", bad: ["javascript:alert(1)"] },
      { name: "q", bad: [""] },
      cursor,
      { name: "limit", bad: ["ten", "0", "1000"] },
    ],
  });
  for (const path of ["/outbox", "/webhooks", "/threads", "/audit"]) {
    queryTests({
      name: `GET /admin${path}`,
      send: get(path),
      valid: () => ({ site: "blog" }),
      fields: [site, cursor],
    });
  }
  for (const path of ["/bans", "/export"]) {
    queryTests({
      name: `GET /admin${path}`,
      send: get(path),
      valid: () => ({ site: "blog" }),
      fields: [site],
    });
  }
  queryTests({
    name: "POST /admin/import",
    send: get("/import", "POST"),
    valid: () => ({ site: "blog", format: "wxr", map: "https://old.example=https://blog.example.com" }),
    fields: [
      site,
      { name: "format", bad: ["csv"] },
      { name: "map", bad: ["https://old.example", "ftp://a=ftp://b"], list: true },
    ],
  });
});
