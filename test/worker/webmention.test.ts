// Webmentions end to end: a sender POSTs source and target, the worker fetches the source from a
// real HTTP server (test/fakes/webmention-source.ts) serving h-entry pages, and the mention
// becomes a comment (through the post's checks and the site's moderation mode), a count, or
// nothing, as its status URL says. The requests go through fetchApp without the queue binding,
// so the verification runs after the answer and is done when fetchApp returns; the queue itself
// is tested at the end, through SELF.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import social from "../../docs/social.md?raw";
import demoPost from "../../widget/demo/2011/04/01/late-night-libya-update-defections-and-secret-talks/index.html?raw";
import demoIndex from "../../widget/demo/index.html?raw";
import type { Bindings } from "../../worker/src/env.ts";
import { hEntry, plainPage } from "../fixtures/h-entries.ts";
import { fetchApp } from "./app-fetch.ts";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  forgetReads,
  getThread,
  RESET_SQL,
  reasonsOf,
  seedNotifyEmails,
  snapshot,
} from "./helpers.ts";
import { connect } from "./live-socket.ts";

const SOURCE = inject("mentionSourceUrl");
const NO_QUEUE: Partial<Bindings> = { WEBMENTIONS: undefined };
let n = 0;

/** Serves `body` (or a status, a redirect) at a fresh path of the source site; its URL. */
async function page(
  body: string,
  opts: { status?: number; type?: string; location?: string; path?: string } = {},
) {
  const path = opts.path ?? `/post-${Date.now()}-${n++}`;
  await fetch(`${SOURCE}/__pages${path}`, { method: "PUT", body: JSON.stringify({ body, ...opts }) });
  return `${SOURCE}${path}`;
}

function send(form: Record<string, string>, vars: Partial<Bindings> = NO_QUEUE, query = "") {
  return fetchApp(
    `/api/v1/webmention${query}`,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    },
    { vars },
  );
}

async function mention(source: string, target = ARTICLE, vars: Partial<Bindings> = NO_QUEUE) {
  const res = await send({ source, target }, vars);
  expect(res.status).toBe(202);
  const location = res.headers.get("Location") ?? "";
  const status = await (await api(new URL(location).pathname)).json();
  return { location, status: status as any };
}

const thread = async () => (await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`)).json;

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await forgetReads("blog");
  await addSite("blog", [BLOG]);
});

describe("a reply", () => {
  it("becomes a comment with its source, on a site that publishes at once", async () => {
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Great post, I <em>agree</em>.</p>" }));
    const { location, status } = await mention(source);
    expect(location).toMatch(/^https:\/\/confab\.test\/api\/v1\/webmention\/[0-9a-z]+$/);
    expect(status).toMatchObject({ source, target: ARTICLE, status: "accepted", kind: "reply", error: null });
    const t = await thread();
    expect(t.thread.commentCount).toBe(1);
    expect(t.comments).toHaveLength(1);
    expect(t.comments[0]).toMatchObject({
      status: "approved",
      html: "<p>Great post, I <em>agree</em>.</p>",
      author: { name: "Alice Example", website: "https://alice.example/" },
      source: {
        kind: "webmention",
        url: `${SOURCE}/2026/12/re-hello`,
        author: { name: "Alice Example", handle: null, url: "https://alice.example/" },
      },
    });
  });

  it("is held on a site that holds every comment, with the mode as its reason", async () => {
    await addSite("blog", [BLOG], "all");
    const { status } = await mention(await page(hEntry({ target: ARTICLE, content: "<p>Hi</p>" })));
    expect(status.status).toBe("accepted");
    expect((await thread()).comments).toEqual([]);
    const row = await env.DB.prepare("SELECT id, status, source_kind FROM comments").first<any>();
    expect(row).toMatchObject({ status: "pending", source_kind: "webmention" });
    expect(await reasonsOf(row.id)).toEqual(["moderation: all comments are held"]);
    // The moderator's queue shows where it came from.
    const queue = await adminJson("/comments?site=blog");
    expect(queue.comments.map((c: any) => [c.id, c.source?.kind])).toEqual([[row.id, "webmention"]]);
  });

  it("is asked of Akismet like a post, and held when it says spam", async () => {
    const author = "akismet-guaranteed-spam";
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>Cheap pills</p>", author })));
    expect((await thread()).comments).toEqual([]);
    const row = await env.DB.prepare("SELECT id, status FROM comments").first<any>();
    expect(row.status).toBe("pending");
    expect(await reasonsOf(row.id)).toEqual(["spam check: akismet: spam"]);
    const asked = (await (await fetch(`${inject("akismetUrl")}/__log`)).json()) as Record<string, string>[];
    expect(asked.findLast((r) => r.comment_author === author)).toMatchObject({
      comment_content: "Cheap pills",
      comment_author_url: "https://alice.example/",
      permalink: ARTICLE,
    });
  });

  it("sent again updates its comment (the same status URL), never adds one", async () => {
    const path = `/again-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>First take</p>" }), { path });
    const first = await mention(source);
    await page(hEntry({ target: ARTICLE, content: "<p>Second take</p>", author: "Alice E." }), { path });
    const second = await mention(source);
    expect(second.location).toBe(first.location);
    const t = await thread();
    expect(t.comments).toHaveLength(1);
    expect(t.comments[0].html).toBe("<p>Second take</p>");
    expect(t.comments[0].author.name).toBe("Alice E.");
    expect(t.comments[0].editedAt).not.toBeNull();
  });

  it("is removed when its source answers 410 Gone", async () => {
    const path = `/gone-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Soon gone</p>" }), { path });
    await mention(source);
    expect((await thread()).comments).toHaveLength(1);
    await page("gone", { path, status: 410, type: "text/plain" });
    const { status } = await mention(source);
    expect(status).toMatchObject({ status: "removed", error: "the source answers 410 Gone" });
    const t = await thread();
    expect([t.comments, t.thread.commentCount]).toEqual([[], 0]);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM comments").first("n")).toBe(0);
  });

  it("is removed when its source no longer links to the page", async () => {
    const path = `/unlinked-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Linked</p>" }), { path });
    await mention(source);
    await page(hEntry({ target: `${BLOG}/another-post/`, content: "<p>Linked</p>" }), { path });
    const { status } = await mention(source);
    expect(status).toMatchObject({ status: "removed", error: "the source does not link to the target" });
    expect((await thread()).comments).toEqual([]);
  });

  it("matches the target as a page: tracking parameters and a missing slash do not matter", async () => {
    const linked = `${ARTICLE.replace(/\/$/, "")}?utm_source=mastodon#comments`;
    const { status } = await mention(await page(plainPage(linked, "I wrote about")));
    expect(status).toMatchObject({ status: "accepted", kind: "mention" });
    const [c] = (await thread()).comments;
    expect(c.html).toContain("<p>");
    expect(c.source.kind).toBe("webmention");
  });
});

describe("a source that fails for a while", () => {
  it("keeps what an earlier verification made: the comment and the like stay", async () => {
    const [reply, like] = [`/flaky-reply-${Date.now()}`, `/flaky-like-${Date.now()}`];
    const replySource = await page(hEntry({ target: ARTICLE, content: "<p>Still here</p>" }), {
      path: reply,
    });
    const likeSource = await page(hEntry({ target: ARTICLE, as: "like-of" }), { path: like });
    await mention(replySource);
    await mention(likeSource);
    await page("down", { path: reply, status: 503, type: "text/plain" });
    await page("down", { path: like, status: 500, type: "text/plain" });
    const again = await mention(replySource);
    expect(again.status).toMatchObject({
      status: "accepted",
      kind: "reply",
      error: "not verified again, kept as it was: the source answered HTTP 503",
    });
    expect((await mention(likeSource)).status).toMatchObject({ status: "accepted", kind: "like" });
    const t = await thread();
    expect([t.comments.length, t.thread.mentions]).toEqual([1, { likes: 1, reposts: 0 }]);
  });

  it("a new mention whose source fails is rejected, and is no like later", async () => {
    const { status } = await mention(await page("down", { status: 500, type: "text/plain" }));
    expect(status).toMatchObject({ status: "rejected", kind: null, error: "the source answered HTTP 500" });
    expect((await thread()).thread.mentions).toBeUndefined();
  });
});

describe("likes and reposts", () => {
  it("are counted on the thread, not shown as comments, and uncounted when gone", async () => {
    const like = await page(hEntry({ target: ARTICLE, as: "like-of" }));
    const path = `/repost-${Date.now()}`;
    const repost = await page(hEntry({ target: ARTICLE, as: "repost-of" }), { path });
    expect((await mention(like)).status).toMatchObject({ status: "accepted", kind: "like" });
    expect((await mention(repost)).status).toMatchObject({ status: "accepted", kind: "repost" });
    let t = await thread();
    expect(t.thread.mentions).toEqual({ likes: 1, reposts: 1 });
    expect([t.comments, t.thread.commentCount]).toEqual([[], 0]);
    await page("", { path, status: 410 });
    await mention(repost);
    t = await thread();
    expect(t.thread.mentions).toEqual({ likes: 1, reposts: 0 });
  });

  it("a page never mentioned has no `mentions`", async () => {
    expect((await thread()).thread.mentions).toBeUndefined();
  });
});

describe("bad requests: the documented 4xx, nothing written", () => {
  const cases: [string, Record<string, string>, number, string, Record<string, string> | null][] = [
    ["no source", { target: ARTICLE }, 400, "validation_failed", { source: "required" }],
    ["no target", { source: "https://alice.example/p" }, 400, "validation_failed", { target: "required" }],
    [
      "a source that is no URL",
      { source: "not a url", target: ARTICLE },
      400,
      "validation_failed",
      { source: "invalid" },
    ],
    [
      "an ftp: source",
      { source: "ftp://alice.example/p", target: ARTICLE },
      400,
      "validation_failed",
      { source: "invalid" },
    ],
    [
      "a javascript: target",
      { source: "https://alice.example/p", target: "javascript:alert(1)" },
      400,
      "validation_failed",
      { target: "invalid" },
    ],
    [
      "the same source and target",
      { source: ARTICLE, target: `${ARTICLE}#x` },
      400,
      "validation_failed",
      { source: "invalid" },
    ],
    [
      "a target on no registered site",
      { source: "https://alice.example/p", target: "https://elsewhere.example/post" },
      400,
      "validation_failed",
      { target: "unknown" },
    ],
    [
      "a look-alike of the site's host",
      { source: "https://alice.example/p", target: "https://blog.example.com.evil.net/post" },
      400,
      "validation_failed",
      { target: "unknown" },
    ],
  ];
  for (const [name, form, status, code, fields] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await snapshot();
      const error = await expectError(await send(form), status, code);
      if (fields) expect(error.fields).toEqual(fields);
      expect(await snapshot()).toBe(before);
    });
  }

  it("refuses JSON (415) and a huge form (413)", async () => {
    const before = await snapshot();
    const json = await fetchApp("/api/v1/webmention", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ source: "https://alice.example/p", target: ARTICLE }),
    });
    await expectError(json, 415, "unsupported_media_type");
    const huge = await send({ source: `https://alice.example/${"x".repeat(20_000)}`, target: ARTICLE });
    await expectError(huge, 413, "payload_too_large");
    expect(await snapshot()).toBe(before);
  });

  it("limits a network with the site's post rates: 429 with Retry-After, nothing filed", async () => {
    await env.DB.prepare("UPDATE sites SET rate_limit_per_minute = 1 WHERE id = 'blog'").run();
    const source = await page(hEntry({ target: ARTICLE, content: "<p>once</p>" }));
    expect((await send({ source, target: ARTICLE })).status).toBe(202);
    const before = await snapshot();
    const refused = await send({ source: `${source}?again`, target: ARTICLE });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    await expectError(refused, 429, "rate_limited");
    expect(await snapshot()).toBe(before);
  });

  it("answers 404 for an unknown status id", async () => {
    await expectError(await api("/api/v1/webmention/zzzzzzzzzzzzzzzz"), 404, "not_found");
    await expectError(await api("/api/v1/webmention/NOT-AN-ID"), 404, "not_found");
  });
});

describe("bad sources: refused or sanitised, only the status written", () => {
  const except = { except: ["webmentions", "rate_slots"] };

  it("a source that does not link to the target", async () => {
    const before = await snapshot(except);
    const { status } = await mention(await page(plainPage(`${BLOG}/other/`, "Nothing to see")));
    expect(status).toMatchObject({
      status: "rejected",
      kind: null,
      error: "the source does not link to the target",
    });
    expect(await snapshot(except)).toBe(before);
  });

  it("a 50 MB source: reading stops at 1 MB", async () => {
    const before = await snapshot(except);
    const { status } = await mention(`${SOURCE}/huge`);
    expect(status).toMatchObject({ status: "rejected", error: "the source is larger than 1 MB" });
    expect(await snapshot(except)).toBe(before);
    const { hugeSent } = (await (await fetch(`${SOURCE}/__log`)).json()) as { hugeSent: number };
    expect(hugeSent).toBeLessThan(20 * 1024 * 1024);
  });

  it("a source slower than 10 seconds", { timeout: 30_000 }, async () => {
    const before = await snapshot(except);
    const { status } = await mention(`${SOURCE}/slow`);
    expect(status).toMatchObject({ status: "rejected", error: "the source took too long" });
    expect(await snapshot(except)).toBe(before);
  });

  it("markup that would stall the microformats parser: nested 5,000 deep, 40,000 properties", async () => {
    const link = `<a class="u-in-reply-to" href="${ARTICLE}">re</a>`;
    const deep = `${"<div>".repeat(5_000)}${link}`;
    const wide = `<div class="h-entry">${link}${'<p class="p-name">x</p>'.repeat(40_000)}</div>`;
    const before = await snapshot(except);
    const started = Date.now();
    const [a, b] = [await mention(await page(deep)), await mention(await page(wide))];
    expect(a.status).toMatchObject({ status: "rejected", error: "the source nests elements over 400 deep" });
    expect(b.status).toMatchObject({
      status: "rejected",
      error: "the source has over 2000 microformats classes",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await snapshot(except)).toBe(before);
  });

  it("an old page with a thousand unclosed paragraphs is read as usual", async () => {
    const body = `${"<p>old text".repeat(1_000)}<p>See <a href="${ARTICLE}">this post</a>.`;
    expect((await mention(await page(body))).status).toMatchObject({ status: "accepted", kind: "mention" });
  });

  it("a source that is not HTML", async () => {
    const before = await snapshot(except);
    const { status } = await mention(
      await page(JSON.stringify({ link: ARTICLE }), { type: "application/json" }),
    );
    expect(status).toMatchObject({ status: "rejected", error: "the source is not an HTML page" });
    expect(await snapshot(except)).toBe(before);
  });

  it("a script and event handlers in the h-entry do not survive", async () => {
    const content = `<p onclick="alert(1)">Nice <script>alert(document.cookie)</script>
      <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">click</a> <b>bold</b></p>`;
    const { status } = await mention(
      await page(hEntry({ target: ARTICLE, content, author: "<img src=x onerror=alert(4)>" })),
    );
    expect(status.status).toBe("accepted");
    const [c] = (await thread()).comments;
    expect(c.html).not.toMatch(/<script|onerror|onclick|javascript:|<img/i);
    expect(c.html).not.toContain("document.cookie");
    expect(c.html).toContain("<strong>bold</strong>");
    expect(c.author.name).toBe("<img src=x onerror=alert(4)>");
  });

  it("blocked words refuse it as they refuse a post", async () => {
    await env.DB.prepare(
      `UPDATE sites SET blocked_words = '["casino"]', blocked_words_action = 'reject'`,
    ).run();
    const before = await snapshot(except);
    const { status } = await mention(await page(hEntry({ target: ARTICLE, content: "<p>Best casino</p>" })));
    expect(status).toMatchObject({ status: "rejected", kind: "reply" });
    expect(status.error).toMatch(/words this site does not accept/);
    expect(await snapshot(except)).toBe(before);
  });
});

describe("outside development", () => {
  const PRODUCTION: Partial<Bindings> = { WEBMENTIONS: undefined, ENVIRONMENT: undefined };
  const except = { except: ["webmentions", "rate_slots"] };

  it("an http: source is refused before anything is fetched", async () => {
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Hi</p>" }));
    const before = await snapshot(except);
    const { status } = await mention(source, ARTICLE, PRODUCTION);
    expect(status.status).toBe("rejected");
    expect(status.error).toMatch(/^the source is not allowed: it must use https:/);
    expect(await snapshot(except)).toBe(before);
    const { log } = (await (await fetch(`${SOURCE}/__log`)).json()) as { log: string[] };
    expect(log).not.toContain(new URL(source).pathname);
  });

  it("a redirect to a private address is not followed", async () => {
    // The source's public name, as DNS would give it: https://alice.example/ is the fake site.
    // Only this test's fetch is routed so; the worker's own code runs as in production.
    const real = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname !== "alice.example") return real(input, init);
      return real(`${SOURCE}${url.pathname}`, init);
    }) as typeof fetch;
    try {
      const secret = await page("internal secret", { path: `/secret-${Date.now()}` });
      const hop = await page("", { status: 302, location: "https://169.254.169.254/latest/meta-data/" });
      const local = await page("", { status: 302, location: secret });
      const before = await snapshot(except);
      for (const source of [hop, local]) {
        const { status } = await mention(
          `https://alice.example${new URL(source).pathname}`,
          ARTICLE,
          PRODUCTION,
        );
        expect(status.status).toBe("rejected");
        expect(status.error).toMatch(/^a redirect is not allowed: /);
      }
      expect(await snapshot(except)).toBe(before);
      const { log } = (await (await fetch(`${SOURCE}/__log`)).json()) as { log: string[] };
      expect(log).not.toContain(new URL(secret).pathname);
    } finally {
      globalThis.fetch = real;
    }
  });
});

describe("the queue", () => {
  it("verifies a mention sent to the deployment's WEBMENTIONS queue", async () => {
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Queued</p>" }));
    const res = await api("/api/v1/webmention", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ source, target: ARTICLE }).toString(),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "queued" });
    const path = new URL(res.headers.get("Location") ?? "").pathname;
    let status: any = { status: "queued" };
    for (let i = 0; i < 100 && status.status === "queued"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await (await api(path)).json();
    }
    expect(status).toMatchObject({ status: "accepted", kind: "reply" });
    expect((await thread()).comments[0].html).toBe("<p>Queued</p>");
  });
});

describe("what is kept", () => {
  it("keeps a refusal's status for the outbox retention, an accepted mention as long as its page", async () => {
    const { cleanup } = await import("../../worker/src/services/cleanup.ts");
    await mention(await page(plainPage(`${BLOG}/other/`, "No link")));
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>Kept</p>" })));
    const statuses = () =>
      env.DB.prepare("SELECT status FROM webmentions ORDER BY status")
        .all<{ status: string }>()
        .then((r) => r.results.map((x) => x.status));
    await cleanup(env.DB, Date.now() + 29 * 86_400_000);
    expect(await statuses()).toEqual(["accepted", "rejected"]);
    await cleanup(env.DB, Date.now() + 31 * 86_400_000);
    expect(await statuses()).toEqual(["accepted"]);
  });

  it("stores no address of the sender, only a keyed rate-limit slot of its network", async () => {
    const res = await send({
      source: await page(hEntry({ target: ARTICLE, content: "<p>x</p>" })),
      target: ARTICLE,
    });
    expect(res.status).toBe(202);
    const row = await env.DB.prepare("SELECT * FROM webmentions").first<Record<string, unknown>>();
    expect(Object.keys(row ?? {}).sort()).toEqual(
      [
        "comment_id",
        "created_at",
        "error",
        "id",
        "kind",
        "page_key",
        "site_id",
        "source",
        "status",
        "target",
        "updated_at",
      ].sort(),
    );
    const comment = await env.DB.prepare(
      "SELECT author_email, network_hash, edit_token_hash FROM comments",
    ).first();
    expect(comment).toEqual({ author_email: null, network_hash: null, edit_token_hash: null });
    const slots = await env.DB.prepare("SELECT key FROM rate_slots").all<{ key: string }>();
    expect(slots.results.map((r) => r.key)).toEqual(["webmention:blog:unknown"]);
  });
});

describe("export and import", () => {
  const importFile = (body: string) =>
    admin("/import?site=blog&format=confab", {
      method: "POST",
      body,
      headers: { "Content-Type": "text/plain" },
    });

  it("carry a mention's source: the round trip keeps it, and a resend after it updates the same comment", async () => {
    const path = `/exported-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Travels</p>" }), { path });
    await mention(source);
    const file = await (await admin("/export?site=blog")).text();
    const [entry] = JSON.parse(file).comments;
    expect(entry.remote).toEqual({
      kind: "webmention",
      url: `${SOURCE}/2026/12/re-hello`,
      handle: null,
      id: source,
    });
    await env.DB.exec(RESET_SQL);
    await forgetReads("blog");
    expect(await (await importFile(file)).json()).toMatchObject({ comments: 1, errors: [] });
    expect(await (await admin("/export?site=blog")).text()).toBe(file);
    const [c] = (await thread()).comments;
    expect(c.source).toEqual({
      kind: "webmention",
      url: `${SOURCE}/2026/12/re-hello`,
      author: { name: "Alice Example", handle: null, url: "https://alice.example/" },
    });
    await addSite("blog", [BLOG]);
    await page(hEntry({ target: ARTICLE, content: "<p>Travels, edited</p>" }), { path });
    await mention(source);
    const after = (await thread()).comments;
    expect(after.map((x: any) => [x.id, x.html])).toEqual([[c.id, "<p>Travels, edited</p>"]]);
  });

  it("refuse a comment whose source is not one they know, importing the rest", async () => {
    const file = (remote: unknown) =>
      JSON.stringify({
        format: "confab-export",
        version: 1,
        site: { id: "blog" },
        threads: [
          {
            id: "t1",
            key: "/2024/05/hello-world",
            url: ARTICLE,
            title: null,
            locked: false,
            createdAt: "2026-01-01T00:00:00.000Z",
          },
        ],
        comments: [
          {
            id: "c1",
            thread: "t1",
            parent: null,
            status: "approved",
            pinned: false,
            likes: 0,
            author: { name: "A", email: null, website: null, isModerator: false, verified: null },
            text: "hi",
            createdAt: "2026-01-01T00:00:00.000Z",
            editedAt: null,
            moderationReasons: [],
            sourceId: null,
            remote,
          },
        ],
        bans: [],
      });
    for (const remote of [
      { kind: "myspace", url: "https://a.example/p", handle: null, id: "x" },
      { kind: "webmention", url: "javascript:alert(1)", handle: null, id: "x" },
      { kind: "webmention", url: "https://a.example/p", handle: null, id: "" },
      "webmention",
    ]) {
      const result = await (await importFile(file(remote))).json();
      expect(result).toMatchObject({
        comments: 0,
        errors: [{ entry: "comment c1", reason: "remote: invalid" }],
      });
    }
  });
});

describe("discovery", () => {
  it("the demo pages advertise this worker's endpoint, as docs/social.md shows", () => {
    expect(social).toContain('<link rel="webmention" href="https://YOUR-WORKER/api/v1/webmention">');
    for (const html of [demoIndex, demoPost]) {
      expect(html.match(/<link rel="webmention" href="([^"]+)">/)?.[1]).toBe("/api/v1/webmention");
    }
  });
});

describe("effects, as for a post", () => {
  it("fire the site's webhook and mail its moderators about a held mention", async () => {
    await addSite("blog", [BLOG], "all");
    await seedNotifyEmails("blog", ["mod@example.com"]);
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: { webhookUrl: `${inject("hookUrl")}/hook/ok/mention` },
    });
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>Tell the owner</p>" })));
    const hooks = await env.DB.prepare("SELECT event FROM webhook_deliveries").all<{ event: string }>();
    expect(hooks.results.map((h) => h.event)).toEqual(["comment.created"]);
    const mails = await env.DB.prepare("SELECT to_addr, text FROM outbox").all<{
      to_addr: string;
      text: string;
    }>();
    expect(mails.results.map((m) => m.to_addr)).toEqual(["mod@example.com"]);
    expect(mails.results[0]?.text).toContain("Tell the owner");
  });

  it("an update the checks would hold takes a shown comment back to the queue", async () => {
    await env.DB.prepare(
      `UPDATE sites SET blocked_words = '["casino"]', blocked_words_action = 'hold'`,
    ).run();
    const path = `/turns-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Fine words</p>" }), { path });
    await mention(source);
    expect((await thread()).comments).toHaveLength(1);
    await page(hEntry({ target: ARTICLE, content: "<p>Visit my casino</p>" }), { path });
    expect((await mention(source)).status.status).toBe("accepted");
    expect((await thread()).comments).toEqual([]);
    const row = await env.DB.prepare("SELECT id, status FROM comments").first<any>();
    expect(row.status).toBe("pending");
    expect(await reasonsOf(row.id)).toEqual([
      "after an update at the source: spam check: blocked word: casino",
    ]);
  });

  it("a comment a moderator marked spam stays so when the mention is sent again", async () => {
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Unwanted</p>" }));
    await mention(source);
    const id = (await thread()).comments[0].id;
    await adminJson(`/comments/${id}`, { method: "PATCH", body: { status: "spam" } });
    const { status } = await mention(source);
    expect(status).toMatchObject({
      status: "rejected",
      error: "A moderator has removed the comment of this mention.",
    });
    expect((await thread()).comments).toEqual([]);
    expect(await env.DB.prepare("SELECT status FROM comments").first("status")).toBe("spam");
  });
});

describe("live readers", () => {
  it("hear a mention's comment as they hear a post, and its removal", async () => {
    const target = `${BLOG}/live-mention/${Date.now()}`;
    const s = await connect(`site=blog&url=${encodeURIComponent(target)}`);
    const path = `/live-${Date.now()}`;
    const source = await page(hEntry({ target, content: "<p>Live from a blog</p>" }), { path });
    await mention(source, target);
    const got = await s.next((m) => m.type === "comment");
    expect(got.type === "comment" && got.comment.source?.kind).toBe("webmention");
    expect(await s.next((m) => m.type === "count")).toEqual({ type: "count", commentCount: 1 });
    await page("", { path, status: 410 });
    await mention(source, target);
    await s.next((m) => m.type === "count" && m.commentCount === 0);
    s.ws.close();
  });
});
