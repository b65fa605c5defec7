// Who may call the admin API, and what each token sees. Two sites, two moderators.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, admin, adminJson, BLOG, expectError, post, RESET_SQL, snapshot } from "./helpers.ts";

const OTHER = "https://other.example";
let blogMod = "";
let otherMod = "";
let blogComment = "";
let otherComment = "";

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG]);
  await addSite("other", [OTHER]);
  blogMod = (await adminJson("/tokens", { method: "POST", body: { label: "Blog mod", sites: ["blog"] } }))
    .token;
  otherMod = (await adminJson("/tokens", { method: "POST", body: { label: "Other mod", sites: ["other"] } }))
    .token;
  blogComment = (await post({ text: "on blog" })).json.comment.id;
  const res = await post({ site: "other", url: `${OTHER}/p`, text: "on other" }, { Origin: OTHER });
  otherComment = res.json.comment.id;
});

const ROUTES: [string, string, unknown?][] = [
  ["GET", "/comments"],
  ["PATCH", "/comments/abc", { status: "approved" }],
  ["POST", "/comments/bulk", { ids: ["abc"], status: "spam" }],
  ["DELETE", "/comments/abc"],
  ["GET", "/threads"],
  ["PATCH", "/threads/abc", { locked: true }],
  ["POST", "/threads/abc/merge", { into: "def" }],
  ["GET", "/sites"],
  ["POST", "/sites", { id: "new", name: "New", origins: ["https://new.example"] }],
  ["PATCH", "/sites/blog", { name: "Renamed" }],
  ["GET", "/bans?site=blog"],
  ["POST", "/bans", { site: "blog", kind: "email", value: "a@b.co" }],
  ["DELETE", "/bans/abc"],
  ["GET", "/tokens"],
  ["POST", "/tokens", { label: "x", sites: ["blog"] }],
  ["DELETE", "/tokens/abc"],
  ["GET", "/audit"],
  ["GET", "/export?site=blog"],
  ["POST", "/sites/blog/sso-secret"],
  ["DELETE", "/sites/blog/sso-secret"],
  ["GET", "/identities"],
  ["PATCH", "/identities/abc", { isStaff: true }],
  ["DELETE", "/identities/abc/sessions"],
  ["GET", "/sessions"],
  ["DELETE", "/sessions/abc"],
];

describe("admin credentials", () => {
  for (const [method, path, body] of ROUTES) {
    it(`${method} ${path}: 401 without a token, 403 with a wrong one, nothing changed`, async () => {
      const before = await snapshot();
      await expectError(await admin(path, { method, body, token: null }), 401, "unauthorized");
      await expectError(await admin(path, { method, body, token: "wrong-token" }), 403, "forbidden");
      await expectError(await admin(path, { method, body, token: "TEST-ADMIN-TOKEN" }), 403, "forbidden");
      // (Surrounding whitespace is stripped by HTTP itself; whitespace inside is refused.)
      for (const header of [
        `Bearer  test-admin-token`,
        `Bearer\ttest-admin-token`,
        `bearer`,
        `Basic dGVzdA==`,
      ]) {
        const res = await admin(path, { method, body, token: null, headers: { Authorization: header } });
        expect([401, 403]).toContain(res.status);
      }
      expect(await snapshot()).toBe(before);
    });
  }

  it("answers no CORS on admin routes, not even to a site's own origin", async () => {
    const res = await admin("/sites", { headers: { Origin: BLOG } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const preflight = await admin("/sites", {
      method: "OPTIONS",
      token: null,
      headers: {
        Origin: BLOG,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toBeNull();
  });

  it("stores moderator tokens only as hashes, lists them without the token, and revokes them", async () => {
    const dump = await snapshot();
    expect(dump).not.toContain(blogMod);
    const { tokens } = await adminJson("/tokens");
    expect(tokens.map((t: any) => [t.label, t.sites])).toEqual([
      ["Other mod", ["other"]],
      ["Blog mod", ["blog"]],
    ]);
    expect(JSON.stringify(tokens)).not.toContain(blogMod);
    expect((await admin("/sites", { token: blogMod })).status).toBe(200);
    const id = tokens.find((t: any) => t.label === "Blog mod").id;
    expect((await admin(`/tokens/${id}`, { method: "DELETE" })).status).toBe(204);
    await expectError(await admin("/sites", { token: blogMod }), 403, "forbidden");
    await expectError(await admin(`/tokens/${id}`, { method: "DELETE" }), 404, "not_found");
  });

  it("keeps token management to the operator", async () => {
    await expectError(await admin("/tokens", { token: blogMod }), 403, "forbidden");
    await expectError(
      await admin("/tokens", { method: "POST", token: blogMod, body: { label: "x", sites: ["blog"] } }),
      403,
      "forbidden",
    );
    await expectError(
      await admin("/sites", {
        method: "POST",
        token: blogMod,
        body: { id: "x", name: "X", origins: ["https://x.example"] },
      }),
      403,
      "forbidden",
    );
    await expectError(
      await admin("/tokens", { method: "POST", body: { label: "x", sites: ["nope"] } }),
      400,
      "validation_failed",
    );
  });
});

describe("a moderator sees and changes only its own sites", () => {
  it("lists only its sites, comments, threads and audit entries", async () => {
    expect((await adminJson("/sites", { token: blogMod })).sites.map((s: any) => s.id)).toEqual(["blog"]);
    expect((await adminJson("/sites")).sites.map((s: any) => s.id)).toEqual(["blog", "other"]);
    const mine = await adminJson("/comments?status=all", { token: blogMod });
    expect(mine.comments.map((c: any) => c.id)).toEqual([blogComment]);
    const theirs = await adminJson("/comments?status=all", { token: otherMod });
    expect(theirs.comments.map((c: any) => c.id)).toEqual([otherComment]);
    expect((await adminJson("/threads", { token: blogMod })).threads.map((t: any) => t.site)).toEqual([
      "blog",
    ]);
    await adminJson(`/comments/${blogComment}`, { method: "PATCH", token: blogMod, body: { pinned: true } });
    const audit = await adminJson("/audit", { token: otherMod });
    expect(audit.entries).toEqual([]);
    expect((await adminJson("/audit", { token: blogMod })).entries.map((e: any) => e.actor)).toEqual([
      "Blog mod",
    ]);
  });

  it("gets not_found for everything of another site, and nothing changes", async () => {
    const thread = (await adminJson("/threads?site=other")).threads[0].id;
    await adminJson("/sites", { token: blogMod }); // records the token's first use before the snapshot
    const before = await snapshot();
    const tries: [string, string, unknown?][] = [
      ["GET", "/comments?site=other"],
      ["PATCH", `/comments/${otherComment}`, { status: "spam" }],
      ["POST", "/comments/bulk", { ids: [blogComment, otherComment], status: "spam" }],
      ["DELETE", `/comments/${otherComment}`],
      ["GET", "/threads?site=other"],
      ["PATCH", `/threads/${thread}`, { locked: true }],
      ["POST", `/threads/${thread}/merge`, { into: thread }],
      ["PATCH", "/sites/other", { name: "Mine now" }],
      ["GET", "/bans?site=other"],
      ["POST", "/bans", { site: "other", kind: "email", value: "a@b.co" }],
      ["GET", "/audit?site=other"],
    ];
    for (const [method, path, body] of tries) {
      const res = await admin(path, { method, body, token: blogMod });
      expect([res.status, path]).toEqual([path.includes("merge") ? 400 : 404, path]);
    }
    expect(await snapshot()).toBe(before);
  });
});
