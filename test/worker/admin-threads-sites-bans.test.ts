// Threads (lock, retitle, move, merge), site settings and bans through the admin API.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  BLOG,
  expectError,
  getThread,
  post,
  postJson,
  READER,
  RESET_SQL,
  snapshot,
} from "./helpers.ts";

const threadOf = async (url: string) =>
  (await getThread(`site=blog&url=${encodeURIComponent(url)}`)).json as { thread: any; comments: any[] };

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("threads", () => {
  it("locks and unlocks: a locked thread refuses new comments", async () => {
    await post({ text: "before" });
    const id = (await threadOf(ARTICLE)).thread.id;
    const locked = await adminJson(`/threads/${id}`, { method: "PATCH", body: { locked: true } });
    expect(locked.thread.locked).toBe(true);
    expect((await threadOf(ARTICLE)).thread.locked).toBe(true);
    const after = await post({ text: "after" });
    expect([after.res.status, after.json.error?.code]).toEqual([403, "thread_locked"]);
    await adminJson(`/threads/${id}`, { method: "PATCH", body: { locked: false } });
    expect((await post({ text: "reopened" })).res.status).toBe(201);
  });

  it("retitles and moves a thread to a new URL", async () => {
    await post({ text: "x" });
    const id = (await threadOf(ARTICLE)).thread.id;
    const moved = `${BLOG}/2024/05/renamed/`;
    const { thread } = await adminJson(`/threads/${id}`, {
      method: "PATCH",
      body: { title: "New title", url: moved },
    });
    expect(thread).toMatchObject({ title: "New title", url: moved, key: "/2024/05/renamed" });
    expect((await threadOf(moved)).comments).toHaveLength(1);
    expect((await threadOf(ARTICLE)).comments).toHaveLength(0);
  });

  it("merges a page split under two URLs: comments, counts and likes move, nothing is lost", async () => {
    const a1 = (await post({ text: "on a" })).json.comment.id;
    await post({ text: "reply on a", parentId: a1 });
    const split = `${BLOG}/2024/05/hello-world-2/`;
    const b1 = (await post({ url: split, text: "on b" })).json.comment.id;
    await postJson(`/api/v1/comments/${b1}/like`, { reader: READER });
    const into = (await threadOf(ARTICLE)).thread.id;
    const from = (await threadOf(split)).thread.id;
    const result = await adminJson(`/threads/${from}/merge`, { method: "POST", body: { into } });
    expect(result.moved).toBe(1);
    expect(result.thread.commentCount).toBe(3);
    const page = await threadOf(ARTICLE);
    expect(page.comments.map((c) => c.id).sort()).toEqual([a1, b1, page.comments[1].id].sort());
    expect(page.comments.find((c) => c.id === b1).likes).toBe(1);
    expect(page.thread.commentCount).toBe(3);
    await expectError(
      await admin(`/threads/${from}`, { method: "PATCH", body: { locked: true } }),
      404,
      "not_found",
    );
  });

  it("refuses bad thread changes, changing nothing", async () => {
    await post({ text: "a" });
    await post({ url: `${BLOG}/other`, text: "b" });
    await addSite("second", ["https://second.example"]);
    await post(
      { site: "second", url: "https://second.example/p", text: "c" },
      { Origin: "https://second.example" },
    );
    const { threads } = await adminJson("/threads");
    const [own, other] = threads.filter((t: any) => t.site === "blog").map((t: any) => t.id);
    const foreign = threads.find((t: any) => t.site === "second").id;
    const before = await snapshot();
    await expectError(
      await admin(`/threads/${own}/merge`, { method: "POST", body: { into: own } }),
      400,
      "validation_failed",
    );
    await expectError(
      await admin(`/threads/${own}/merge`, { method: "POST", body: { into: foreign } }),
      400,
      "validation_failed",
    );
    await expectError(
      await admin(`/threads/${own}/merge`, { method: "POST", body: { into: "nope" } }),
      404,
      "not_found",
    );
    await expectError(
      await admin("/threads/nope", { method: "PATCH", body: { locked: true } }),
      404,
      "not_found",
    );
    await expectError(
      await admin(`/threads/${own}`, { method: "PATCH", body: { locked: "yes" } }),
      400,
      "validation_failed",
    );
    await expectError(
      await admin(`/threads/${own}`, { method: "PATCH", body: {} }),
      400,
      "validation_failed",
    );
    await expectError(
      await admin(`/threads/${own}`, { method: "PATCH", body: { url: "https://evil.example/x" } }),
      400,
      "validation_failed",
    );
    const otherUrl = threads.find((t: any) => t.id === other).url;
    await expectError(
      await admin(`/threads/${own}`, { method: "PATCH", body: { url: otherUrl } }),
      400,
      "validation_failed",
    );
    expect(await snapshot()).toBe(before);
  });
});

describe("sites", () => {
  it("creates a site with defaults and updates any field; secrets are write-only", async () => {
    const created = await adminJson("/sites", {
      method: "POST",
      body: {
        id: "news",
        name: "News",
        origins: ["https://news.example", "http://localhost:*"],
        turnstileSecret: "s3cr3t",
      },
    });
    expect(created.site).toMatchObject({
      id: "news",
      origins: ["http://localhost:*", "https://news.example"],
      moderation: "none",
      editWindowSeconds: 900,
      maxLinks: 2,
      rateLimitPerMinute: 5,
    });
    expect(JSON.stringify(created)).not.toContain("s3cr3t");
    const patch = {
      moderation: "links",
      requireEmail: true,
      blockedWords: ["casino"],
      maxLinks: 0,
      webhookUrl: "https://hooks.example/x",
    };
    const updated = await adminJson("/sites/news", { method: "PATCH", body: patch });
    expect(updated.site).toMatchObject(patch);
    expect(updated.site.origins).toEqual(["http://localhost:*", "https://news.example"]);
    const row = await env.DB.prepare("SELECT turnstile_secret FROM sites WHERE id = 'news'").first<string>(
      "turnstile_secret",
    );
    expect(row).toBe("s3cr3t");
    const listed = await adminJson("/sites");
    expect(JSON.stringify(listed)).not.toContain("s3cr3t");
    // The new settings govern the reader API at once.
    const res = await postJson(
      "/api/v1/comments",
      { site: "news", url: "https://news.example/a", text: "x" },
      { Origin: "https://news.example" },
    );
    // The site now requires an email and a Turnstile token; both are named in one answer.
    expect(((await res.json()) as any).error.fields).toEqual({
      "author.email": "required",
      turnstileToken: "required",
    });
  });

  const badOrigins = [
    "javascript:alert(1)",
    "https://blog.example.com/path",
    "https://*.example.com",
    "*://blog.example.com",
    "https://blog.example.com:*/x",
    "not an origin",
    "null",
  ];
  for (const origin of badOrigins) {
    it(`refuses the origin ${JSON.stringify(origin)}, changing nothing`, async () => {
      const before = await snapshot();
      const res = await admin("/sites", {
        method: "POST",
        body: { id: "bad", name: "Bad", origins: [origin] },
      });
      await expectError(res, 400, "validation_failed");
      await expectError(
        await admin("/sites/blog", { method: "PATCH", body: { origins: [origin] } }),
        400,
        "validation_failed",
      );
      expect(await snapshot()).toBe(before);
    });
  }

  it("refuses bad site input", async () => {
    const before = await snapshot();
    for (const body of [
      { id: "blog", name: "Dup", origins: ["https://x.example"] },
      { id: "Bad Id", name: "X", origins: ["https://x.example"] },
      { id: "x", name: "", origins: ["https://x.example"] },
      { id: "x", name: "X", origins: [] },
      { id: "x", name: "X", origins: ["https://x.example"], moderation: "some" },
      { id: "x", name: "X", origins: ["https://x.example"], maxLinks: -1 },
      { id: "x", name: "X", origins: ["https://x.example"], notifyEmails: ["nope"] },
    ]) {
      await expectError(await admin("/sites", { method: "POST", body }), 400, "validation_failed");
    }
    await expectError(await admin("/sites/nope", { method: "PATCH", body: { name: "x" } }), 404, "not_found");
    expect(await snapshot()).toBe(before);
  });
});

describe("bans", () => {
  it("bans by email and by a comment's network; banned authors get forbidden until the ban ends", async () => {
    const from = (
      await post(
        { author: { email: "troll@example.com" }, text: "bad" },
        { "CF-Connecting-IP": "198.51.100.9" },
      )
    ).json.comment.id;
    const byNet = (
      await adminJson("/bans", {
        method: "POST",
        body: { site: "blog", kind: "ip", fromComment: from, reason: "trolling" },
      })
    ).ban;
    expect(byNet).toMatchObject({ kind: "ip", reason: "trolling", expiresAt: null });
    expect(byNet.value).toMatch(/^[0-9a-f]{32}$/);
    const banned = await post({ text: "again" }, { "CF-Connecting-IP": "198.51.100.200" });
    expect([banned.res.status, banned.json.error?.code]).toEqual([403, "forbidden"]);
    expect((await post({ text: "elsewhere" }, { "CF-Connecting-IP": "203.0.113.1" })).res.status).toBe(201);

    await adminJson("/bans", {
      method: "POST",
      body: { site: "blog", kind: "email", value: "Spammer@Example.com" },
    });
    const spam = await post(
      { author: { email: "spammer@example.com" }, text: "buy" },
      { "CF-Connecting-IP": "203.0.113.2" },
    );
    expect(spam.res.status).toBe(403);

    const expired = new Date(Date.now() - 1000).toISOString();
    await adminJson("/bans", {
      method: "POST",
      body: { site: "blog", kind: "email", value: "old@example.com", expiresAt: expired },
    });
    expect((await post({ author: { email: "old@example.com" }, text: "back" })).res.status).toBe(201);

    const { bans } = await adminJson("/bans?site=blog");
    expect(bans).toHaveLength(3);
    expect((await admin(`/bans/${byNet.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await post({ text: "forgiven" }, { "CF-Connecting-IP": "198.51.100.200" })).res.status).toBe(201);
  });

  it("refuses a ban with no target or a bad one, changing nothing", async () => {
    const anonymous = (await post({ text: "no email" })).json.comment.id;
    const before = await snapshot();
    for (const body of [
      { site: "blog", kind: "email" },
      { site: "blog", kind: "ip" },
      { site: "blog", kind: "email", fromComment: anonymous },
      { site: "blog", kind: "email", fromComment: "nope" },
      { site: "blog", kind: "ip", value: "a@b.co" },
      { site: "blog", kind: "email", value: "not-an-email" },
      { site: "blog", kind: "phone", value: "a@b.co" },
      { site: "blog", kind: "email", value: "a@b.co", expiresAt: "tomorrow" },
    ]) {
      await expectError(await admin("/bans", { method: "POST", body }), 400, "validation_failed");
    }
    await expectError(
      await admin("/bans", { method: "POST", body: { site: "nope", kind: "email", value: "a@b.co" } }),
      404,
      "not_found",
    );
    await expectError(await admin("/bans/nope", { method: "DELETE" }), 404, "not_found");
    expect(await snapshot()).toBe(before);
  });
});
