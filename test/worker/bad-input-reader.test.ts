// Bad input on every reader request: each body field and query parameter tried with values of
// every wrong type (bad-input.ts). Likes take no body yet, so they have no row here.
import { env } from "cloudflare:workers";
import { beforeEach, describe, inject } from "vitest";
import { fieldTests, queryTests } from "./bad-input.ts";
import { ARTICLE, addSite, api, BLOG, post, postJson, RESET_SQL } from "./helpers.ts";

let parent = { id: "", editToken: "" };
let n = 0;
beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM outbox; DELETE FROM reply_subscriptions;`);
  await addSite();
  const { json } = await post({ text: "the parent" });
  parent = { id: json.comment.id, editToken: json.editToken };
});

describe("POST /api/v1/comments", () => {
  fieldTests({
    name: "POST /comments",
    send: (body) => postJson("/api/v1/comments", body),
    valid: () => ({
      site: "blog",
      url: ARTICLE,
      title: "Hello",
      parentId: parent.id,
      author: { name: "Ann", email: "ann@example.com", website: "https://ann.example/" },
      // Each accepted post says something new: the duplicate check is not what is tested here.
      text: `a reply, number ${++n}`,
      trap: "",
      elapsedMs: 5_000,
      turnstileToken: "unused",
      notifyReplies: false,
    }),
    fields: [
      { path: "site", kind: "string" },
      // Null is allowed, but then a pageId must name the page: there is none in this body.
      { path: "url", kind: "string", nullCode: "required" },
      { path: "pageId", kind: "string", nullable: true },
      { path: "title", kind: "string", nullable: true },
      { path: "parentId", kind: "string", nullable: true },
      { path: "author", kind: "object", nullable: true },
      { path: "author.name", kind: "string", nullable: true },
      { path: "author.email", kind: "string", nullable: true },
      { path: "author.website", kind: "string", nullable: true },
      { path: "text", kind: "string" },
      { path: "trap", kind: "string", nullable: true },
      { path: "elapsedMs", kind: "number", nullable: true },
      { path: "turnstileToken", kind: "string", nullable: true },
      { path: "notifyReplies", kind: "boolean", nullable: true },
    ],
  });
});

describe("PATCH /api/v1/comments/:id", () => {
  fieldTests({
    name: "PATCH /comments/:id",
    send: (body) =>
      api(`/api/v1/comments/${parent.id}`, {
        method: "PATCH",
        headers: {
          "Content-Type": "application/json",
          Origin: BLOG,
          Authorization: `Bearer ${parent.editToken}`,
        },
        body: JSON.stringify(body),
      }),
    valid: () => ({ text: "edited" }),
    fields: [{ path: "text", kind: "string" }],
  });
});

describe("POST /api/v1/preview", () => {
  fieldTests({
    name: "POST /preview",
    send: (body) => postJson("/api/v1/preview", body),
    valid: () => ({ site: "blog", text: "**bold**" }),
    fields: [
      { path: "site", kind: "string" },
      { path: "text", kind: "string" },
    ],
  });
});

const get = (path: string) => (q: URLSearchParams) => api(`${path}?${q}`, { headers: { Origin: BLOG } });

describe("reader queries", () => {
  queryTests({
    name: "GET /threads",
    send: get("/api/v1/threads"),
    valid: () => ({ site: "blog", url: ARTICLE, sort: "top", limit: "10" }),
    fields: [
      { name: "site", bad: [] },
      { name: "url", bad: ["javascript:alert(1)", "/relative"] },
      { name: "pageId", bad: [] },
      { name: "sort", bad: ["best"] },
      { name: "limit", bad: ["ten", "0", "-1", "1.5"] },
      { name: "cursor", bad: ["x".repeat(201)] },
    ],
  });
  queryTests({
    name: "GET /comments/:id/replies",
    send: (q) => get(`/api/v1/comments/${parent.id}/replies`)(q),
    valid: () => ({ limit: "10" }),
    fields: [
      { name: "cursor", bad: ["not a cursor!"] },
      { name: "limit", bad: ["ten", "0"] },
    ],
  });
  queryTests({
    name: "GET /counts",
    send: get("/api/v1/counts"),
    valid: () => ({ site: "blog", url: ARTICLE, pageId: "p1" }),
    fields: [
      { name: "site", bad: [] },
      { name: "url", bad: ["javascript:alert(1)"], list: true },
      { name: "pageId", bad: [""], list: true },
    ],
  });
  queryTests({
    name: "GET /live",
    send: (q) => api(`/api/v1/live?${q}`, { headers: { Origin: BLOG, Upgrade: "websocket" } }),
    valid: () => ({ site: "blog", url: ARTICLE }),
    fields: [
      { name: "site", bad: [] },
      { name: "url", bad: ["javascript:alert(1)", "/relative"] },
      { name: "pageId", bad: [""] },
    ],
  });
  queryTests({
    name: "GET /feed",
    send: get("/api/v1/feed"),
    valid: () => ({ site: "blog", url: ARTICLE }),
    fields: [
      { name: "site", bad: [] },
      { name: "url", bad: ["ftp://x.example/"] },
      { name: "pageId", bad: [""] },
    ],
  });
});

describe("POST /api/v1/auth/email", () => {
  fieldTests({
    name: "POST /auth/email",
    send: (body) => postJson("/api/v1/auth/email", body),
    valid: () => ({ site: "blog", email: `bad-input-${++n}@example.org`, url: ARTICLE }),
    fields: [
      { path: "site", kind: "string" },
      { path: "email", kind: "string" },
      { path: "url", kind: "string", nullable: true },
    ],
  });
});

describe("POST /api/v1/auth/email/verify", () => {
  let email = "";
  let code = "";
  beforeEach(async () => {
    email = `bad-input-verify-${Date.now().toString(36)}-${++n}@example.org`;
    await postJson("/api/v1/auth/email", { site: "blog", email });
    // The code as the mail provider received it (the outbox keeps none).
    for (let i = 0; i < 60 && !code.startsWith(email); i++) {
      const log = (await (await fetch(`${inject("mailUrl")}/__log`)).json()) as { raw?: string }[];
      const mail = log.map((m) => m.raw ?? "").find((raw) => raw.includes(`"to":["${email}"]`));
      const digits = mail?.match(/: (\d{6})\\n/)?.[1];
      if (digits) code = `${email} ${digits}`;
      else await new Promise((r) => setTimeout(r, 40));
    }
  });
  fieldTests({
    name: "POST /auth/email/verify",
    send: (body) => postJson("/api/v1/auth/email/verify", body),
    valid: () => ({ site: "blog", email, code: code.split(" ")[1] }),
    fields: [
      { path: "site", kind: "string" },
      { path: "email", kind: "string" },
      { path: "code", kind: "string" },
    ],
  });
});
