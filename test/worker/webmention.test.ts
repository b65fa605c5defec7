// Webmentions end to end: a sender POSTs source and target, the worker fetches the source from a
// real HTTP server (test/fakes/webmention-source.ts) serving h-entry pages, and the mention
// becomes a comment (through the post's checks and the site's moderation mode), a count, or
// nothing, as its status URL says. The queue itself is tested through SELF; bad input is in
// webmention-bad-input.test.ts, what is stored and exported in webmention-data.test.ts.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import social from "../../docs/social.md?raw";
import { pageKeyFromUrl } from "../../shared/page-key.ts";
import demoPost from "../../widget/demo/2011/04/01/late-night-libya-update-defections-and-secret-talks/index.html?raw";
import demoIndex from "../../widget/demo/index.html?raw";
import { hEntry, plainPage } from "../fixtures/h-entries.ts";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  getThread,
  post,
  reasonsOf,
  seedNotifyEmails,
} from "./helpers.ts";
import { connect } from "./live-socket.ts";
import { freshSite, mention, page, SOURCE, sourceLog, thread } from "./webmention-helpers.ts";

beforeEach(freshSite);

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

  it("shows the time its source gives, never one to come, and is placed as it arrived", async () => {
    const first = (await post({ text: "A native comment, first" })).json.comment;
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>Old reply</p>" })));
    const before = Date.now();
    await mention(
      await page(
        hEntry({ target: ARTICLE, content: "<p>From the future</p>", published: "2999-01-01T00:00:00Z" }),
      ),
    );
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>No date</p>", published: "soon" })));
    const after = Date.now();
    const t = await thread();
    expect(t.comments.map((c: any) => c.html)).toEqual([
      "<p>A native comment, first</p>",
      "<p>Old reply</p>",
      "<p>From the future</p>",
      "<p>No date</p>",
    ]);
    expect(t.comments[0].id).toBe(first.id);
    expect(t.comments[1].createdAt).toBe("2026-12-03T10:00:00.000Z");
    for (const c of t.comments.slice(2)) {
      expect(Date.parse(c.createdAt)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(c.createdAt)).toBeLessThanOrEqual(after + 1);
    }
  });

  it("answering a comment's permalink, is nested under that comment; a comment not shown leaves it a root", async () => {
    const ann = (await post({ text: "A comment to answer", author: { name: "Ann" } })).json.comment.id;
    const source = await page(
      hEntry({ target: `${ARTICLE}#comment-${ann}`, content: "<p>Answering Ann.</p>", url: "/re-ann" }),
    );
    expect((await mention(source)).status.status).toBe("accepted");
    // A permalink of a comment that is not there, or is held: the reply stands on its own.
    const held = (await post({ text: "held one", author: { name: "Hal" } })).json.comment.id;
    await adminJson(`/comments/${held}`, { method: "PATCH", body: { status: "pending" } });
    const orphan = await page(
      hEntry({ target: `${ARTICLE}#comment-${held}`, content: "<p>To a held one.</p>", url: "/re-held" }),
    );
    const missing = await page(
      hEntry({ target: `${ARTICLE}#comment-nosuchcomment0`, content: "<p>To none.</p>", url: "/re-none" }),
    );
    await mention(orphan);
    await mention(missing);
    const byText = Object.fromEntries((await thread()).comments.map((c: any) => [c.html, c.parentId]));
    expect(byText).toMatchObject({
      "<p>Answering Ann.</p>": ann,
      "<p>To a held one.</p>": null,
      "<p>To none.</p>": null,
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
    await mention(source);
    expect((await thread()).comments[0].editedAt).toBeNull();
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

  it("reads a page in the charset it declares", async () => {
    const html = hEntry({ target: ARTICLE, content: "<p>Caf\u00e9 cr\u00e8me</p>", author: "Ren\u00e9e" });
    // ISO-8859-1 bytes, written as a Latin-1 string of the same code points.
    const { status } = await mention(
      await page(html, { type: "text/html; charset=iso-8859-1", latin1: true }),
    );
    expect(status.status).toBe("accepted");
    const [c] = (await thread()).comments;
    expect([c.html, c.author.name]).toEqual(["<p>Caf\u00e9 cr\u00e8me</p>", "Ren\u00e9e"]);
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

  it("follow their thread to a new URL and into a merge, each source counted once", async () => {
    const liker = await page(hEntry({ target: ARTICLE, as: "like-of" }));
    await mention(liker);
    const moved = `${BLOG}/2024/05/hello-again/`;
    const other = `${BLOG}/2024/06/elsewhere/`;
    const { threads } = await adminJson("/threads?site=blog");
    const [a] = threads;
    await adminJson(`/threads/${a.id}`, { method: "PATCH", body: { url: moved } });
    // A repost of the moved page recounts it: the like made before the move still counts.
    await mention(await page(hEntry({ target: moved, as: "repost-of" })), moved);
    const read = async (url: string) => (await getThread(`site=blog&url=${encodeURIComponent(url)}`)).json;
    expect((await read(moved)).thread.mentions).toEqual({ likes: 1, reposts: 1 });

    // Another page with a like of its own and one from the same source: merged in, 2 likes.
    await mention(await page(hEntry({ target: other, as: "like-of" })), other);
    await env.DB.prepare(
      `INSERT INTO webmentions (id, site_id, page_key, source, target, status, kind, created_at, updated_at)
       SELECT 'wm-same', site_id, ?1, source, ?2, 'accepted', 'like', created_at, updated_at
       FROM webmentions WHERE source = ?3`,
    )
      .bind(pageKeyFromUrl(other), other, liker)
      .run();
    const b = (await adminJson("/threads?site=blog")).threads.find((t: any) => t.url === other);
    await adminJson(`/threads/${b.id}/merge`, { method: "POST", body: { into: a.id } });
    expect((await read(moved)).thread.mentions).toEqual({ likes: 2, reposts: 1 });
  });

  it("a page never mentioned has no `mentions`", async () => {
    expect((await thread()).thread.mentions).toBeUndefined();
  });
});

describe("a blocked source", () => {
  const host = new URL(SOURCE).hostname;
  it("is not fetched; what it made before goes at its next verification, and other sources still come", async () => {
    const path = `/blocked-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Buy now</p>" }), { path });
    await mention(source);
    expect((await thread()).comments).toHaveLength(1);
    const site = await adminJson("/sites/blog", {
      method: "PATCH",
      body: { blockedSources: [host.toUpperCase()] },
    });
    expect(site.site.blockedSources).toEqual([host]);
    const asked = (await sourceLog()).log.filter((p) => p === path).length;
    const again = await mention(source);
    expect(again.status).toMatchObject({ status: "removed", error: "the source's site is blocked here" });
    expect((await sourceLog()).log.filter((p) => p === path)).toHaveLength(asked);
    expect((await thread()).comments).toEqual([]);
    const fresh = await mention(await page(hEntry({ target: ARTICLE, as: "like-of" })));
    expect(fresh.status).toMatchObject({ status: "rejected", error: "the source's site is blocked here" });
    expect((await thread()).thread.mentions).toBeUndefined();

    await adminJson("/sites/blog", { method: "PATCH", body: { blockedSources: ["elsewhere.example"] } });
    expect((await mention(source)).status.status).toBe("accepted");
  });

  it("must be host names: anything else is 400 with the field, and nothing changes", async () => {
    for (const bad of [
      ["https://spam.example/"],
      ["spam example"],
      ["spam.example:8080"],
      ["-x.example"],
      [""],
      "spam.example",
    ]) {
      const res = await admin("/sites/blog", { method: "PATCH", body: { blockedSources: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      const fields = Object.keys(((await res.json()) as any).error.fields);
      expect(fields, JSON.stringify(bad)).toEqual([expect.stringMatching(/^blockedSources(\.0)?$/)]);
    }
    expect((await adminJson("/sites")).sites.find((x: any) => x.id === "blog").blockedSources).toEqual([]);
  });

  it("covers its subdomains, not names that only end alike", async () => {
    const { isBlockedHost } = await import("../../worker/src/lib/blocked-sources.ts");
    expect(isBlockedHost("www.spam.example", ["spam.example"])).toBe(true);
    expect(isBlockedHost("SPAM.example.", ["spam.example"])).toBe(true);
    expect(isBlockedHost("notspam.example", ["spam.example"])).toBe(false);
    expect(isBlockedHost("spam.example.org", ["spam.example"])).toBe(false);
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

describe("discovery", () => {
  it("the demo pages advertise this worker's endpoint, as docs/social.md shows", () => {
    expect(social).toContain('<link rel="webmention" href="https://YOUR-WORKER/api/v1/webmention">');
    for (const html of [demoIndex, demoPost]) {
      expect(html.match(/<link rel="webmention" href="([^"]+)">/)?.[1]).toBe("/api/v1/webmention");
    }
  });
});
