// A deployment without a random HASH_SECRET of at least 32 bytes refuses every write route with
// a clear error (500 `internal` naming HASH_SECRET, not the generic message) and writes nothing;
// reads keep working (security.md, "Keys").
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { keysOf } from "../../worker/src/lib/keys.ts";
import { consentLink, signedLink } from "../../worker/src/lib/signed-links.ts";
import { wxrFile } from "../fixtures/import-files.ts";
import { fetchApp } from "./app-fetch.ts";
import {
  ARTICLE,
  addSite,
  adminJson,
  BLOG,
  likeInit,
  OPERATOR,
  post,
  RESET_SQL,
  snapshot,
} from "./helpers.ts";

const BAD_SECRETS: [string, string | undefined][] = [
  ["missing", undefined],
  ["empty", ""],
  ["31 bytes", "Qm2xZ9vB4nK8pL1wR6tY3aFh7Jc0Ds5"],
  ["40 characters of one letter", "a".repeat(40)],
  ["a short pattern repeated", "abc123".repeat(8)],
];

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json", Origin: BLOG, ...headers },
  body: JSON.stringify(body),
});
const asOperator = (method: string, body?: string | object, token = OPERATOR): RequestInit => ({
  method,
  headers: {
    Authorization: `Bearer ${token}`,
    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
  },
  ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
});

/** Every route that writes, each as one request against comments made with the good secret. */
async function writeRoutes(): Promise<[string, string, RequestInit][]> {
  const approved = (await post({ author: { name: "Ann", email: "ann@example.com" }, text: "published" }))
    .json;
  const other = (await post({ text: "another one" })).json;
  const { updated_at } = (await env.DB.prepare("SELECT updated_at FROM comments WHERE id = ?1")
    .bind(approved.comment.id)
    .first<{ updated_at: string }>()) ?? { updated_at: "" };
  const keys = keysOf(env);
  const nowMs = Date.now();
  const link = await signedLink("", keys, {
    action: "spam",
    id: approved.comment.id,
    updatedAt: updated_at,
    nowMs,
  });
  const consent = await consentLink("", keys, {
    action: "confirm",
    site: "blog",
    email: "ann@example.com",
    nowMs,
  });
  const { token: moderator } = await adminJson("/tokens", {
    method: "POST",
    body: { label: "moderator", sites: ["blog"] },
  });
  const id = approved.comment.id;
  const bearer = { Authorization: `Bearer ${approved.editToken}` };
  return [
    ["post a comment", "/api/v1/comments", json("POST", { site: "blog", url: ARTICLE, text: "new words" })],
    ["edit by the author", `/api/v1/comments/${id}`, json("PATCH", { text: "changed words" }, bearer)],
    [
      "delete by the author",
      `/api/v1/comments/${id}`,
      { method: "DELETE", headers: { Origin: BLOG, ...bearer } },
    ],
    ["like", `/api/v1/comments/${id}/like`, likeInit("POST")],
    ["unlike", `/api/v1/comments/${id}/like`, likeInit("DELETE")],
    ["a moderation link", link, { method: "POST" }],
    ["a consent link", consent, { method: "POST" }],
    ["admin decision", `/api/v1/admin/comments/${id}`, asOperator("PATCH", { status: "spam" })],
    [
      "a moderator's decision",
      `/api/v1/admin/comments/${id}`,
      asOperator("PATCH", { status: "deleted" }, moderator),
    ],
    ["site settings", "/api/v1/admin/sites/blog", asOperator("PATCH", { maxLinks: 5 })],
    [
      "admin bulk",
      "/api/v1/admin/comments/bulk",
      asOperator("POST", { ids: [other.comment.id], status: "spam" }),
    ],
    ["admin erase", `/api/v1/admin/comments/${id}`, asOperator("DELETE")],
    [
      "admin import",
      "/api/v1/admin/import?site=blog&format=wxr",
      asOperator("POST", wxrFile({ posts: 1, comments: 3 }).text),
    ],
  ];
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await env.DB.prepare("UPDATE sites SET notify_emails = ?1 WHERE id = 'blog'")
    .bind(JSON.stringify(["mod@example.com"]))
    .run();
});

describe("a deployment without a good HASH_SECRET", () => {
  for (const [what, secret] of BAD_SECRETS) {
    it(`refuses every write route with a clear error and writes nothing: ${what}`, async () => {
      const routes = await writeRoutes();
      for (const [route, path, init] of routes) {
        const before = await snapshot();
        const res = await fetchApp(path, init, { vars: { HASH_SECRET: secret } });
        const body = (await res.json()) as { error?: { code: string; message: string } };
        expect(res.status, route).toBe(500);
        expect(body.error?.code, route).toBe("internal");
        expect(body.error?.message, route).toContain("HASH_SECRET");
        expect(body.error?.message, route).not.toContain("Something went wrong");
        expect(await snapshot(), route).toBe(before);
        // A reader's refusal is readable by the widget, which shows its message.
        if (path.startsWith("/api/v1/comments"))
          expect(res.headers.get("Access-Control-Allow-Origin"), route).toBe(BLOG);
      }
    });
  }

  it("still serves reads", async () => {
    await post({ author: { name: "Ann" }, text: "readable" });
    for (const path of [
      `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`,
      `/api/v1/counts?site=blog&url=${encodeURIComponent(ARTICLE)}`,
      "/api/v1/feed?site=blog",
    ]) {
      const res = await fetchApp(path, { headers: { Origin: BLOG } }, { vars: { HASH_SECRET: undefined } });
      expect(res.status, path).toBe(200);
    }
    const page = await fetchApp(
      `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`,
      { headers: { Origin: BLOG } },
      { vars: { HASH_SECRET: "a".repeat(40) } },
    );
    expect(((await page.json()) as any).comments.map((c: any) => c.html)).toEqual(["<p>readable</p>"]);
  });
});
