// Reactions (docs/api.md "Reactions"): one of each of the site's emoji per reader on the page and
// on each comment, toggled; counts on the thread and comment rows, in the thread answer, which
// stays two D1 round trips and is purged by every reaction; the site's list is an admin setting.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_REACTIONS } from "../../shared/reactions.ts";
import { fetchApp, noCalls } from "./app-fetch.ts";
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
  post,
  RESET_SQL,
  snapshot,
} from "./helpers.ts";

const READER_A = "rAAAAAAAAAAAAAAAAAAAAA";
const READER_B = "rBBBBBBBBBBBBBBBBBBBBB";
const headers = (ip = "198.51.100.7") => ({
  Origin: BLOG,
  "CF-Connecting-IP": ip,
  "Content-Type": "application/json",
});
const react = (body: Record<string, unknown>, method = "POST", ip?: string) =>
  api("/api/v1/reactions", {
    method,
    headers: headers(ip),
    body: JSON.stringify({ site: "blog", reader: READER_A, ...body }),
  });
const onPage = (emoji: string, extra: Record<string, unknown> = {}, method = "POST") =>
  react({ url: ARTICLE, emoji, ...extra }, method);
const thread = async () => (await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`)).json;

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await forgetReads("blog");
});

describe("reactions on a page", () => {
  it("count one of each emoji per reader, toggled, and show in the thread answer", async () => {
    expect((await thread()).thread.reactions).toEqual({});
    expect(await (await onPage("👍")).json()).toEqual({ reactions: { "👍": 1 }, mine: ["👍"] });
    // Again: nothing changes. Another emoji by the same reader: both are theirs.
    expect(await (await onPage("👍")).json()).toEqual({ reactions: { "👍": 1 }, mine: ["👍"] });
    expect(await (await onPage("🎉")).json()).toEqual({
      reactions: { "👍": 1, "🎉": 1 },
      mine: ["👍", "🎉"],
    });
    const b = await (await onPage("👍", { reader: READER_B })).json();
    expect(b).toEqual({ reactions: { "👍": 2, "🎉": 1 }, mine: ["👍"] });
    const page = await thread();
    expect(page.thread.reactions).toEqual({ "👍": 2, "🎉": 1 });
    expect(page.site.reactions).toEqual([...DEFAULT_REACTIONS]);
    // The first reaction made the thread of a page nobody had commented on.
    expect(page.thread.id).not.toBeNull();
    expect(page.thread.commentCount).toBe(0);
    expect(await (await onPage("👍", {}, "DELETE")).json()).toEqual({
      reactions: { "👍": 1, "🎉": 1 },
      mine: ["🎉"],
    });
    expect(await (await onPage("🎉", {}, "DELETE")).json()).toEqual({ reactions: { "👍": 1 }, mine: [] });
    expect((await thread()).thread.reactions).toEqual({ "👍": 1 });
    const stored = JSON.stringify(await env.DB.prepare("SELECT * FROM reactions").all());
    expect(stored).not.toContain(READER_A);
    expect(stored).not.toContain("198.51.100");
  });

  it("removing from a page with no thread writes nothing but the rate slot", async () => {
    const before = await snapshot({ except: ["rate_slots"] });
    expect(await (await onPage("👍", {}, "DELETE")).json()).toEqual({ reactions: {}, mine: [] });
    expect(await snapshot({ except: ["rate_slots"] })).toBe(before);
  });

  it("is keyed by page identity: a decorated URL and pageId reach the same thread", async () => {
    await onPage("👍");
    await onPage("👍", { url: `${ARTICLE}?utm_source=x`, reader: READER_B });
    expect((await thread()).thread.reactions).toEqual({ "👍": 2 });
  });
});

describe("reactions on a comment", () => {
  it("count per comment, in the comment's public object, apart from the page's", async () => {
    const id = (await post({ text: "react to me" })).json.comment.id;
    expect(await (await react({ commentId: id, emoji: "❤️" })).json()).toEqual({
      reactions: { "❤️": 1 },
      mine: ["❤️"],
    });
    await react({ commentId: id, emoji: "❤️", reader: READER_B });
    await react({ commentId: id, emoji: "🤔", reader: READER_B });
    const page = await thread();
    expect(page.comments[0].reactions).toEqual({ "❤️": 2, "🤔": 1 });
    expect(page.thread.reactions).toEqual({});
    expect(await (await react({ commentId: id, emoji: "❤️" }, "DELETE")).json()).toEqual({
      reactions: { "❤️": 1, "🤔": 1 },
      mine: [],
    });
    expect((await thread()).comments[0].reactions).toEqual({ "❤️": 1, "🤔": 1 });
  });

  it("go with the comment when it is removed", async () => {
    const posted = (await post({ text: "bye" })).json;
    await react({ commentId: posted.comment.id, emoji: "😮" });
    const res = await api(`/api/v1/comments/${posted.comment.id}`, {
      method: "DELETE",
      headers: { Origin: BLOG, Authorization: `Bearer ${posted.editToken}` },
    });
    expect(res.status).toBe(204);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM reactions").first<number>("n");
    expect(left).toBe(0);
  });

  it("are refused on a held, deleted, unknown or other site's comment, changing nothing", async () => {
    await addSite("blog", [BLOG], "all");
    const held = (await post({ text: "held" })).json.comment.id;
    await addSite("blog", [BLOG], "none");
    const gone = (await post({ text: "gone" })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET status = 'deleted' WHERE id = ?1").bind(gone).run();
    await addSite("other", [BLOG]);
    const elsewhere = (await post({ site: "other", text: "elsewhere" })).json.comment.id;
    const before = await snapshot();
    for (const commentId of [held, gone, elsewhere, "unknown"]) {
      await expectError(await react({ commentId, emoji: "👍" }), 404, "not_found");
      await expectError(await react({ commentId, emoji: "👍" }, "DELETE"), 404, "not_found");
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("the thread answer", () => {
  it("stays two D1 round trips with reactions, and a reaction purges the cached answer", async () => {
    const id = (await post({ text: "counted" })).json.comment.id;
    const read = async () => {
      const calls = noCalls();
      const res = await fetchApp(
        `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`,
        { headers: { Origin: BLOG } },
        { calls, vars: { FRESH_SECONDS: undefined } },
      );
      return { calls, body: (await res.json()) as any, cache: res.headers.get("X-Confab-Cache") };
    };
    const first = await read();
    expect(first.calls.trips).toBe(2);
    expect((await read()).cache).toBe("hit");
    const reacted = await fetchApp(
      "/api/v1/reactions",
      {
        method: "POST",
        headers: headers(),
        body: JSON.stringify({ site: "blog", reader: READER_A, commentId: id, emoji: "🎉" }),
      },
      { vars: { FRESH_SECONDS: undefined } },
    );
    expect(reacted.status).toBe(200);
    const after = await read();
    expect(after.cache).not.toBe("hit");
    expect(after.calls.trips).toBe(2);
    expect(after.body.comments[0].reactions).toEqual({ "🎉": 1 });
  });
});

describe("bad reactions", () => {
  it("are the documented 4xx and write nothing", async () => {
    const id = (await post({ text: "x" })).json.comment.id;
    await onPage("👍");
    const before = await snapshot();
    const { "Content-Type": _, ...noType } = headers();
    await expectError(
      await api("/api/v1/reactions", { method: "POST", headers: noType, body: "{}" }),
      415,
      "unsupported_media_type",
    );
    await expectError(
      await api("/api/v1/reactions", { method: "POST", headers: headers(), body: "{" }),
      400,
      "invalid_json",
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ url: ARTICLE, emoji: "👍", reader: "short" }, "reader"],
      [{ url: ARTICLE, emoji: "👍", reader: 42 }, "reader"],
      [{ url: ARTICLE, reader: READER_A }, "emoji"],
      [{ url: ARTICLE, emoji: "💩" }, "emoji"],
      [{ url: ARTICLE, emoji: "x" }, "emoji"],
      [{ url: ARTICLE, emoji: "👍".repeat(40) }, "emoji"],
      [{ emoji: "👍" }, "url"],
      [{ url: "javascript:alert(1)", emoji: "👍" }, "url"],
      [{ commentId: "BAD!", emoji: "👍" }, "commentId"],
      [{ commentId: id, emoji: ["👍"] }, "emoji"],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await react(body), 400, "validation_failed");
      expect(Object.keys(error.fields), JSON.stringify(body)).toContain(field);
    }
    await expectError(await react({ site: "nope", url: ARTICLE, emoji: "👍" }), 404, "unknown_site");
    const foreign = await api("/api/v1/reactions", {
      method: "POST",
      headers: { ...headers(), Origin: "https://evil.example" },
      body: JSON.stringify({ site: "blog", url: ARTICLE, emoji: "👍", reader: READER_A }),
    });
    await expectError(foreign, 403, "origin_not_allowed");
    expect(await snapshot()).toBe(before);
  });

  it("are rate-limited per network like likes: 60 a minute, then 429 with Retry-After", async () => {
    const reader = (i: number) => `farm${String(i).padStart(18, "0")}`;
    const answers = await Promise.all(
      Array.from({ length: 70 }, (_, i) =>
        react({ url: ARTICLE, emoji: "👍", reader: reader(i) }, "POST", "192.0.2.77"),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    const refused = answers.find((r) => r.status === 429) as Response;
    await expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await thread()).thread.reactions).toEqual({ "👍": 60 });
  });
});

describe("the site's reactions setting", () => {
  it("is 0..8 distinct emoji; the site's list decides what readers may send", async () => {
    await adminJson("/sites/blog", { method: "PATCH", body: { reactions: ["🔥", "👀"] } });
    expect((await thread()).site.reactions).toEqual(["🔥", "👀"]);
    expect((await onPage("🔥")).status).toBe(200);
    await expectError(await onPage("👍"), 400, "validation_failed");
    await adminJson("/sites/blog", { method: "PATCH", body: { reactions: [] } });
    expect((await thread()).site.reactions).toEqual([]);
    await expectError(await onPage("🔥"), 400, "validation_failed");
  });

  it("refuses a bad list, changing nothing", async () => {
    const before = await snapshot();
    for (const reactions of [
      ["👍", "👍"],
      ["a"],
      ["👍👍"],
      ["❤"],
      "👍",
      [1],
      ["😀", "😃", "😄", "😁", "😆", "😅", "😂", "🤣", "😊"],
    ]) {
      const res = await admin("/sites/blog", { method: "PATCH", body: { reactions } });
      const error = await expectError(res, 400, "validation_failed");
      expect(Object.keys(error.fields).join(), JSON.stringify(reactions)).toMatch(/^reactions/);
    }
    expect(await snapshot()).toBe(before);
  });
});
