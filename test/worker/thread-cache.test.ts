// GET /threads through the read cache (lib/read-cache.ts), at the default FRESH_SECONDS: a repeat
// read makes no D1 call; every write through the API that changes the thread purges it, so the
// next read shows it; answers of other queries, pages or sites never share an entry. What no
// purge announces, and the staleness bound, are in hot-reads.test.ts.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type D1Calls, fetchApp, noCalls } from "./app-fetch.ts";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  forgetReads,
  post,
  postJson,
  READER,
  RESET_SQL,
  snapshot,
} from "./helpers.ts";

const OTHER = `${BLOG}/2024/06/another/`;
const q = (url = ARTICLE, extra = "", site = "blog") => `site=${site}&url=${encodeURIComponent(url)}${extra}`;

interface Read {
  res: Response;
  calls: D1Calls;
  cache: string | null;
  body: any;
}

/** The default freshness: what a deployment that sets nothing gets. */
const HOT = { FRESH_SECONDS: undefined };

async function read(query: string, headers: Record<string, string> = { Origin: BLOG }): Promise<Read> {
  const calls = noCalls();
  const res = await fetchApp(`/api/v1/threads?${query}`, { headers }, { calls, vars: HOT });
  const body = res.status === 304 ? null : await res.json();
  return { res, calls, cache: res.headers.get("X-Confab-Cache"), body };
}

/** Reads until the answer is cached, checking that the repeat really came from the cache. */
async function warm(query: string): Promise<Read> {
  await read(query);
  const again = await read(query);
  expect(again.cache).toBe("hit");
  return again;
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await forgetReads("blog", "other");
});

describe("a repeated read", () => {
  it("is answered from the cache with no D1 call", async () => {
    await post({ text: "one" });
    await post({ text: "two" });
    const first = await read(q());
    expect(first.cache).toBe("miss");
    expect(first.calls).toMatchObject({ trips: 2 });
    const second = await read(q());
    expect(second.cache).toBe("hit");
    expect(second.calls).toMatchObject({ trips: 0, statements: 0 });
    expect(second.body).toEqual(first.body);
    expect(second.body.comments.map((c: any) => c.html)).toEqual(["<p>one</p>", "<p>two</p>"]);
    expect(second.res.headers.get("ETag")).toBe(first.res.headers.get("ETag"));
    expect(second.res.headers.get("Cache-Control")).toBe("no-cache");
    expect(second.res.headers.get("Content-Type")).toMatch(/^application\/json/);
  });

  it("keeps per-request headers out of the stored answer", async () => {
    await post({ text: "one" });
    const withOrigin = await read(q());
    expect(withOrigin.res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    const noOrigin = await read(q(), {});
    expect(noOrigin.cache).toBe("hit");
    expect(noOrigin.res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(noOrigin.res.headers.get("Set-Cookie")).toBeNull();
    expect(noOrigin.res.headers.get("X-Request-Id")).not.toBe(withOrigin.res.headers.get("X-Request-Id"));
    const again = await read(q());
    expect([again.cache, again.res.headers.get("Access-Control-Allow-Origin")]).toEqual(["hit", BLOG]);
    expect(again.res.headers.get("Access-Control-Expose-Headers")).toContain("X-Confab-Cache");
  });

  it("answers a matching If-None-Match with a bodiless 304 and no D1 call", async () => {
    await post({ text: "one" });
    const first = await read(q());
    const etag = first.res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const same = await read(q(), { Origin: BLOG, "If-None-Match": tag });
      expect(same.res.status).toBe(304);
      expect(same.calls.trips).toBe(0);
      expect(same.res.headers.get("ETag")).toBe(etag);
      expect(same.res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    }
    expect((await read(q(), { Origin: BLOG, "If-None-Match": '"other"' })).res.status).toBe(200);
  });

  it("of a page nobody commented on is one round trip, then none until its first comment", async () => {
    const first = await read(q());
    expect(first.body.thread).toMatchObject({ id: null, url: ARTICLE, commentCount: 0 });
    expect(first.calls.trips).toBe(1);
    const etag = first.res.headers.get("ETag") ?? "";
    const again = await read(q(), { Origin: BLOG, "If-None-Match": etag });
    expect([again.res.status, again.calls.trips]).toEqual([304, 0]);
    // The URL as asked is in that answer, so another spelling of the same page is another answer.
    const decorated = await read(q(`${ARTICLE}?utm_source=x`), { Origin: BLOG, "If-None-Match": etag });
    expect(decorated.res.status).toBe(200);
    await post({ text: "first" });
    expect((await read(q(), { Origin: BLOG, "If-None-Match": etag })).res.status).toBe(200);
  });
});

// Each write runs after the thread's answer is cached; the next read must miss and show it. (An
// operator's own SQL is not announced: it is seen within the freshness bound, hot-reads.test.ts.)
type Setup = { ids: string[]; tokens: string[] };
const WRITES: [string, (s: Setup) => Promise<unknown>, (page: any, s: Setup) => void][] = [
  [
    "a new root comment",
    () => post({ text: "newcomer" }),
    (p) => expect(p.comments.map((c: any) => c.html)).toContain("<p>newcomer</p>"),
  ],
  [
    "a reply",
    (s) => post({ text: "answer", parentId: s.ids[0] }),
    (p, s) => {
      expect(p.comments.find((c: any) => c.parentId === s.ids[0])?.html).toBe("<p>answer</p>");
      expect(p.comments.find((c: any) => c.id === s.ids[0])?.replyCount).toBe(1);
    },
  ],
  [
    "the author's edit",
    (s) =>
      api(`/api/v1/comments/${s.ids[0]}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${s.tokens[0]}` },
        body: JSON.stringify({ text: "edited" }),
      }),
    (p, s) => expect(p.comments.find((c: any) => c.id === s.ids[0])?.html).toBe("<p>edited</p>"),
  ],
  [
    "the author's delete",
    (s) =>
      api(`/api/v1/comments/${s.ids[0]}`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${s.tokens[0]}` },
      }),
    (p, s) => expect(p.comments.map((c: any) => c.id)).not.toContain(s.ids[0]),
  ],
  [
    "a like",
    (s) => postJson(`/api/v1/comments/${s.ids[0]}/like`, { reader: READER }),
    (p, s) => expect(p.comments.find((c: any) => c.id === s.ids[0])?.likes).toBe(1),
  ],
  [
    "a moderator marking spam",
    (s) => adminJson(`/comments/${s.ids[0]}`, { method: "PATCH", body: { status: "spam" } }),
    (p, s) => expect(p.comments.map((c: any) => c.id)).not.toContain(s.ids[0]),
  ],
  [
    "a moderator approving a held comment",
    (s) => adminJson(`/comments/${s.ids[2]}`, { method: "PATCH", body: { status: "approved" } }),
    (p, s) => expect(p.comments.map((c: any) => c.id)).toContain(s.ids[2]),
  ],
  [
    "a moderator's soft delete",
    (s) => adminJson(`/comments/${s.ids[1]}`, { method: "PATCH", body: { status: "deleted" } }),
    (p, s) => expect(p.comments.map((c: any) => c.id)).not.toContain(s.ids[1]),
  ],
  [
    "a moderator pinning",
    (s) => adminJson(`/comments/${s.ids[1]}`, { method: "PATCH", body: { pinned: true } }),
    (p, s) => expect(p.comments[0].id).toBe(s.ids[1]),
  ],
  [
    "a moderator's edit",
    (s) => adminJson(`/comments/${s.ids[0]}`, { method: "PATCH", body: { text: "by the mod" } }),
    (p, s) => expect(p.comments.find((c: any) => c.id === s.ids[0])?.html).toBe("<p>by the mod</p>"),
  ],
  [
    "a moderator's erase",
    (s) => admin(`/comments/${s.ids[1]}`, { method: "DELETE" }),
    (p, s) => expect(p.comments.map((c: any) => c.id)).not.toContain(s.ids[1]),
  ],
  [
    "a bulk decision",
    (s) =>
      adminJson("/comments/bulk", { method: "POST", body: { ids: [s.ids[0], s.ids[1]], status: "spam" } }),
    (p) => expect(p.comments).toEqual([]),
  ],
  [
    "locking the thread",
    async () => {
      const id = (await read(q())).body.thread.id;
      await adminJson(`/threads/${id}`, { method: "PATCH", body: { locked: true } });
    },
    (p) => expect(p.thread.locked).toBe(true),
  ],
  [
    "retitling the thread",
    async () => {
      const id = (await read(q())).body.thread.id;
      await adminJson(`/threads/${id}`, { method: "PATCH", body: { title: "Renamed" } });
    },
    (p) => expect(p.thread.title).toBe("Renamed"),
  ],
  [
    "moving the thread to another URL",
    async () => {
      const id = (await read(q())).body.thread.id;
      await adminJson(`/threads/${id}`, { method: "PATCH", body: { url: OTHER } });
    },
    (p) => expect([p.thread.id, p.comments]).toEqual([null, []]),
  ],
  [
    "merging another thread into it",
    async () => {
      await post({ url: OTHER, text: "from elsewhere" });
      const into = (await read(q())).body.thread.id;
      const from = (await read(q(OTHER))).body.thread.id;
      await adminJson(`/threads/${from}/merge`, { method: "POST", body: { into } });
    },
    (p) => expect(p.comments.map((c: any) => c.html)).toContain("<p>from elsewhere</p>"),
  ],
  [
    "an import into the page",
    () =>
      admin("/import?site=blog&format=wxr", {
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Hello</title><link>${ARTICLE}</link>
          <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Old</wp:comment_author>
          <wp:comment_content>imported</wp:comment_content><wp:comment_parent>0</wp:comment_parent>
          <wp:comment_date_gmt>2020-01-02 03:04:05</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved>
          </wp:comment></item></channel></rss>`,
      }),
    (p) => expect(p.comments.map((c: any) => c.html)).toContain("<p>imported</p>"),
  ],
  [
    "a change of the site's settings",
    () => adminJson("/sites/blog", { method: "PATCH", body: { name: "Renamed blog" } }),
    (p) => expect(p.site.name).toBe("Renamed blog"),
  ],
];

describe("after a write", () => {
  for (const [label, write, check] of WRITES) {
    it(`shows ${label} on the next read`, async () => {
      const a = (await post({ text: "first" })).json;
      const b = (await post({ text: "second" })).json;
      // A held comment, for the approval; the site goes back to publishing at once after it.
      await addSite("blog", [BLOG], "all");
      const held = (await post({ text: "held back" })).json;
      await addSite("blog", [BLOG], "none");
      const setup = {
        ids: [a.comment.id, b.comment.id, held.comment.id],
        tokens: [a.editToken, b.editToken],
      };
      const before = await warm(q());
      await write(setup);
      const after = await read(q());
      expect(after.cache).toBe("miss");
      expect(after.res.headers.get("ETag")).not.toBe(before.res.headers.get("ETag"));
      check(after.body, setup);
      // Stored again under the new version (a page left without a thread has nothing to store).
      if (after.body.thread.id) expect((await read(q())).cache).toBe("hit");
    });
  }

  it("that changes nothing a reader sees (a held comment), the cached answer stays", async () => {
    await post({ text: "visible" });
    const before = await warm(q());
    await addSite("blog", [BLOG], "all");
    await post({ text: "held back" });
    await addSite("blog", [BLOG], "none");
    const after = await read(q());
    expect([after.cache, after.body]).toEqual(["hit", before.body]);
  });
});

describe("cache entries", () => {
  it("are never shared between sort orders, limits and cursors", async () => {
    for (const text of ["a", "b", "c"]) await post({ text });
    await postJson(`/api/v1/comments/${(await read(q())).body.comments[1].id}/like`, { reader: READER });
    const first = await read(q(ARTICLE, "&limit=1"));
    const cursor = first.body.nextCursor as string;
    const queries = [
      "",
      "&sort=newest",
      "&sort=top",
      "&limit=1",
      "&limit=2",
      `&limit=1&cursor=${encodeURIComponent(cursor)}`,
      `&limit=2&cursor=${encodeURIComponent(cursor)}`,
      `&sort=newest&limit=1&cursor=${encodeURIComponent(cursor)}`,
    ];
    const bodies = new Map<string, string>();
    for (const extra of queries) {
      const r = await read(q(ARTICLE, extra));
      expect(r.res.status).toBe(200);
      if (extra !== "&limit=1") expect([extra, r.cache]).toEqual([extra, "miss"]);
      bodies.set(extra, JSON.stringify(r.body.comments.map((c: any) => c.html)));
    }
    expect(new Set(bodies.values()).size).toBeGreaterThanOrEqual(5);
    for (const extra of queries) {
      const r = await read(q(ARTICLE, extra));
      expect([extra, r.cache]).toEqual([extra, "hit"]);
      expect(JSON.stringify(r.body.comments.map((c: any) => c.html))).toBe(bodies.get(extra));
    }
  });

  it("are never shared between pages or sites", async () => {
    await addSite("other", [BLOG]);
    await post({ text: "blog, article" });
    await post({ url: OTHER, text: "blog, other page" });
    await post({ url: undefined, pageId: "p-1", text: "blog, page id" });
    await post({ site: "other", text: "other site, article" });
    const asks: [string, string][] = [
      [q(), "<p>blog, article</p>"],
      [q(OTHER), "<p>blog, other page</p>"],
      ["site=blog&pageId=p-1", "<p>blog, page id</p>"],
      [q(ARTICLE, "", "other"), "<p>other site, article</p>"],
    ];
    for (const [query, html] of asks) {
      const r = await read(query);
      expect([query, r.cache, r.body.comments.map((c: any) => c.html)]).toEqual([query, "miss", [html]]);
    }
    for (const [query, html] of asks) {
      const r = await read(query);
      expect([query, r.cache, r.body.comments.map((c: any) => c.html)]).toEqual([query, "hit", [html]]);
    }
  });
});

describe("bad input", () => {
  const bad: [string, string, Record<string, string>, number, string][] = [
    ["a sort outside the list", q(ARTICLE, "&sort=best"), { Origin: BLOG }, 400, "validation_failed"],
    ["a limit of 0", q(ARTICLE, "&limit=0"), { Origin: BLOG }, 400, "validation_failed"],
    ["a forged cursor", q(ARTICLE, "&cursor=1.x%20y"), { Origin: BLOG }, 400, "validation_failed"],
    ["a malformed bookmark", q(ARTICLE, "&bookmark=not%20one"), { Origin: BLOG }, 400, "validation_failed"],
    ["an unknown site", q(ARTICLE, "", "nope"), { Origin: BLOG }, 404, "unknown_site"],
    ["a foreign origin", q(), { Origin: "https://evil.example" }, 403, "origin_not_allowed"],
    ["a URL of another origin", q("https://evil.example/x/"), { Origin: BLOG }, 400, "validation_failed"],
  ];
  for (const [label, query, headers, status, code] of bad) {
    it(`${label} still gets ${status} ${code} once the thread is cached, and writes nothing`, async () => {
      await post({ text: "cached" });
      await warm(q());
      const before = await snapshot();
      const r = await read(query, headers);
      await expectError(new Response(JSON.stringify(r.body), r.res), status, code);
      expect(r.cache).toBeNull();
      if (status !== 403) expect(r.res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
      expect(await snapshot()).toBe(before);
    });
  }
});
