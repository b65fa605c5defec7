// Linking a thread to Mastodon and Bluesky posts (docs/api.md, "Threads"): moderators only, URLs
// of a post on each network only, the set replaced as a whole, and a page with no thread yet
// linked through POST /admin/threads. A refused request writes nothing.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { fetchApp } from "./app-fetch.ts";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  BLOG,
  expectError,
  post,
  RESET_SQL,
  snapshot,
  twoModerators,
} from "./helpers.ts";

const TOOT = "https://social.example/@ana/109876543210";
const SKEET = "https://bsky.app/profile/ana.bsky.social/post/3kabc2def3ghi";
let threadId = "";

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG]);
  await addSite("other", ["https://other.example"]);
  await post({ text: "first" });
  threadId = (await env.DB.prepare("SELECT id FROM threads").first<{ id: string }>())?.id ?? "";
});

const patch = (body: unknown, token?: string | null) =>
  admin(`/threads/${threadId}`, { method: "PATCH", body, token });
/** Through fetchApp, which waits for the pull the link starts after its answer. */
const patchAndPull = (body: unknown) =>
  fetchApp(`/api/v1/admin/threads/${threadId}`, {
    method: "PATCH",
    headers: { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
const links = async () =>
  (await env.DB.prepare("SELECT kind, url, pulled_at FROM social_links ORDER BY url").all()).results;

describe("PATCH /admin/threads/:id { social }", () => {
  it("links a thread to a Mastodon status and a Bluesky post, and answers them", async () => {
    const res = await patch({
      social: [
        { kind: "mastodon", url: TOOT },
        { kind: "bluesky", url: `${SKEET}?ref=share#x` },
      ],
    });
    expect(res.status).toBe(200);
    const { thread } = (await res.json()) as any;
    expect(thread.social.map((l: any) => [l.kind, l.url])).toEqual([
      ["mastodon", TOOT],
      ["bluesky", SKEET],
    ]);
    expect((await links()).map((l: any) => l.url).sort()).toEqual([SKEET, TOOT].sort());
    // The other accepted status form, and a DID in place of a handle.
    const other = await patch({
      social: [
        { kind: "mastodon", url: "https://social.example/users/ana/statuses/42" },
        { kind: "bluesky", url: "https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3k" },
      ],
    });
    expect(other.status).toBe(200);
    // The set was replaced: the first two are unlinked.
    expect((await links()).map((l: any) => l.url)).toEqual([
      "https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3k",
      "https://social.example/users/ana/statuses/42",
    ]);
    expect((await patch({ social: [] })).status).toBe(200);
    expect(await links()).toEqual([]);
    const row = await env.DB.prepare("SELECT social_pulled_at FROM threads").first<any>();
    expect(row.social_pulled_at).toBeNull();
    // Listed with the threads.
    const list = await adminJson("/threads?site=blog");
    expect(list.threads[0].social).toEqual([]);
  });

  const bad: [string, unknown, string][] = [
    ["http, not https", [{ kind: "mastodon", url: "http://social.example/@ana/1" }], "social.0.url"],
    ["a profile, not a status", [{ kind: "mastodon", url: "https://social.example/@ana" }], "social.0.url"],
    [
      "a status id that is not a number",
      [{ kind: "mastodon", url: "https://social.example/@ana/abc" }],
      "social.0.url",
    ],
    ["an IP address", [{ kind: "mastodon", url: "https://127.0.0.1/@ana/1" }], "social.0.url"],
    ["a port", [{ kind: "mastodon", url: "https://social.example:8443/@ana/1" }], "social.0.url"],
    ["a Bluesky URL as Mastodon", [{ kind: "mastodon", url: SKEET }], "social.0.url"],
    ["a Mastodon URL as Bluesky", [{ kind: "bluesky", url: TOOT }], "social.0.url"],
    [
      "another host than bsky.app",
      [{ kind: "bluesky", url: "https://evil.example/profile/a.b/post/1" }],
      "social.0.url",
    ],
    ["a bad handle", [{ kind: "bluesky", url: "https://bsky.app/profile/no_dots/post/1" }], "social.0.url"],
    ["no rkey", [{ kind: "bluesky", url: "https://bsky.app/profile/ana.bsky.social" }], "social.0.url"],
    ["javascript:", [{ kind: "mastodon", url: "javascript:alert(1)" }], "social.0.url"],
    ["an unknown kind", [{ kind: "threads", url: TOOT }], "social.0.kind"],
    ["no url", [{ kind: "mastodon" }], "social.0.url"],
    ["a number as url", [{ kind: "mastodon", url: 5 }], "social.0.url"],
    [
      "the same post twice",
      [
        { kind: "mastodon", url: TOOT },
        { kind: "mastodon", url: `${TOOT}?x=1` },
      ],
      "social",
    ],
    ["not a list", { kind: "mastodon", url: TOOT }, "social"],
    [
      "eleven posts",
      Array.from({ length: 11 }, (_, i) => ({ kind: "mastodon", url: `${TOOT}${i}` })),
      "social",
    ],
    [
      "a URL too long",
      [{ kind: "mastodon", url: `https://social.example/@ana/${"1".repeat(600)}` }],
      "social.0.url",
    ],
  ];
  for (const [name, social, field] of bad) {
    it(`refuses ${name} with 400 and writes nothing`, async () => {
      expect((await patchAndPull({ social: [{ kind: "mastodon", url: TOOT }] })).status).toBe(200);
      const before = await snapshot();
      const error = await expectError(await patch({ social }), 400, "validation_failed");
      expect(Object.keys(error.fields ?? {})).toContain(field);
      expect(await snapshot()).toBe(before);
    });
  }

  it("is the site's moderators' only: another site's token gets 404, no token 401", async () => {
    const { blogMod, otherMod } = await twoModerators();
    // A token's use is stamped on it (admin_tokens.last_used_at) even when its request is refused.
    const before = await snapshot({ except: ["admin_tokens"] });
    await expectError(await patch({ social: [{ kind: "mastodon", url: TOOT }] }, otherMod), 404, "not_found");
    await expectError(await patch({ social: [{ kind: "mastodon", url: TOOT }] }, null), 401, "unauthorized");
    expect(await snapshot({ except: ["admin_tokens"] })).toBe(before);
    expect((await patch({ social: [{ kind: "mastodon", url: TOOT }] }, blogMod)).status).toBe(200);
  });
});

describe("a linked thread merged into another", () => {
  it("gives its links to the thread it is merged into, which is then due for a pull", async () => {
    await patchAndPull({ social: [{ kind: "mastodon", url: TOOT }] });
    await post({ url: `${BLOG}/other`, text: "elsewhere" });
    const into = (await env.DB.prepare("SELECT id FROM threads WHERE id != ?1").bind(threadId).first<any>())
      .id;
    const merged = await adminJson(`/threads/${threadId}/merge`, { method: "POST", body: { into } });
    expect(merged.thread).toMatchObject({ id: into, social: [{ kind: "mastodon", url: TOOT }] });
    const pulled = await env.DB.prepare("SELECT social_pulled_at FROM threads WHERE id = ?1")
      .bind(into)
      .first<any>();
    expect(pulled.social_pulled_at).not.toBeNull();
  });
});

describe("POST /admin/threads", () => {
  const PAGE = `${BLOG}/2024/06/quiet-page/`;

  it("makes the thread of a page with no comments and links it (201), then sets the links (200)", async () => {
    const res = await admin("/threads", {
      method: "POST",
      body: { site: "blog", url: PAGE, title: "Quiet", social: [{ kind: "bluesky", url: SKEET }] },
    });
    expect(res.status).toBe(201);
    const { thread } = (await res.json()) as any;
    expect(thread).toMatchObject({ site: "blog", url: PAGE, title: "Quiet", commentCount: 0 });
    expect(thread.social).toMatchObject([{ kind: "bluesky", url: SKEET }]);
    const again = await admin("/threads", {
      method: "POST",
      body: { site: "blog", url: ARTICLE, social: [] },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as any).thread.id).toBe(threadId);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE action = 'thread.link'").all();
    expect(audit.results).toHaveLength(2);
  });

  it("refuses a page of another origin, an unknown site, another site's moderator, and bad links", async () => {
    const { otherMod } = await twoModerators();
    const before = await snapshot({ except: ["admin_tokens"] });
    const create = (body: unknown, token?: string) => admin("/threads", { method: "POST", body, token });
    let e = await expectError(
      await create({ site: "blog", url: "https://evil.example/x" }),
      400,
      "validation_failed",
    );
    expect(e.fields).toEqual({ url: "invalid" });
    await expectError(await create({ site: "nope", url: PAGE }), 404, "not_found");
    await expectError(await create({ site: "blog", url: PAGE }, otherMod), 404, "not_found");
    e = await expectError(
      await create({ site: "blog", url: PAGE, social: [{ kind: "bluesky", url: "https://bsky.app/x" }] }),
      400,
      "validation_failed",
    );
    expect(e.fields).toEqual({ "social.0.url": "invalid" });
    e = await expectError(await create({ url: PAGE }), 400, "validation_failed");
    expect(e.fields).toEqual({ site: "required" });
    expect(await snapshot({ except: ["admin_tokens"] })).toBe(before);
  });
});
