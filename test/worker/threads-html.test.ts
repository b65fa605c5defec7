// GET /api/v1/threads.html (docs/api.md): the first page as an HTML fragment with schema.org
// microdata, nested as the thread, escaped, cached like the JSON and purged with it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { fetchApp, noCalls } from "./app-fetch.ts";
import {
  ARTICLE,
  addSite,
  api,
  BLOG,
  expectError,
  forgetReads,
  post,
  RESET_SQL,
  snapshot,
} from "./helpers.ts";

const query = `site=blog&url=${encodeURIComponent(ARTICLE)}`;
const raw = (q = query) => api(`/api/v1/threads.html?${q}`, { headers: { Origin: BLOG } });
const fragment = async (q = query) => {
  const res = await raw(q);
  return { res, html: await res.text() };
};
/** How often `s` occurs in `html` (workerd has no DOMParser: the fragment is read as text). */
const count = (html: string, s: string) => html.split(s).length - 1;

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await forgetReads("blog");
});

describe("GET /api/v1/threads.html", () => {
  it("answers the page's discussion as sanitised HTML with DiscussionForumPosting and Comment microdata", async () => {
    const root = (
      await post({
        title: 'A "post" <b>',
        text: "Hello **world** <script>x()</script>",
        author: { name: "<i>Ann</i>", website: "https://ann.example/" },
      })
    ).json.comment.id;
    const reply = (await post({ text: "A reply", parentId: root })).json.comment.id;
    const { res, html } = await fragment();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("ETag")).toBeTruthy();
    // The widget's own drawing, in a declarative shadow root with its styles (docs/widget.md).
    expect(html).toMatch(/^<template shadowrootmode="open"><style>/);
    expect(html).toContain(
      '<div class="confab" lang="en" dir="ltr" data-confab-static="/2024/05/hello-world" itemscope itemtype="https://schema.org/DiscussionForumPosting">',
    );
    expect(html.trimEnd()).toMatch(/<\/template>$/);
    expect(html).toContain('<meta itemprop="headline" content="A &quot;post&quot; &lt;b&gt;">');
    expect(html).toContain(`<link itemprop="url" href="${ARTICLE}">`);
    expect(html).toContain('<meta itemprop="commentCount" content="2">');
    expect(html).toContain('<h2 id="confab-heading">2 comments</h2>');
    expect(count(html, 'itemtype="https://schema.org/Comment"')).toBe(2);
    expect(count(html, 'itemtype="https://schema.org/Person"')).toBe(2);
    // Nested as the thread: the reply's article is inside the root's item, in a replies list.
    const rootAt = html.indexOf(`id="comment-${root}"`);
    const repliesAt = html.indexOf('<ol class="replies" aria-label="Replies to &lt;i&gt;Ann&lt;/i&gt;">');
    const replyAt = html.indexOf(`id="comment-${reply}"`);
    expect(rootAt).toBeGreaterThan(0);
    expect(repliesAt).toBeGreaterThan(rootAt);
    expect(replyAt).toBeGreaterThan(repliesAt);
    // Escaped names, the stored (sanitised) comment HTML, no script anywhere.
    expect(html).toContain('<span itemprop="name">&lt;i&gt;Ann&lt;/i&gt;</span>');
    expect(html).toContain('href="https://ann.example/" rel="nofollow ugc noopener"');
    expect(html).toContain("<strong>world</strong>");
    expect(html).not.toContain("<script");
    expect(html).toMatch(
      /<time itemprop="dateCreated" datetime="\d{4}-\d\d-\d\dT[^"]+">\d{4}-\d\d-\d\d<\/time>/,
    );
  });

  it("answers a page nobody commented on with an empty discussion, writing nothing", async () => {
    const before = await snapshot();
    const { res, html } = await fragment();
    expect(res.status).toBe(200);
    expect(html).toContain('<h2 id="confab-heading">No comments yet</h2>');
    // The form's place, hidden without scripts (no form is coming).
    expect(html).toContain('<div class="placeholder CommentForm"></div>');
    expect(html).toContain("@media (scripting:none){.confab .placeholder.CommentForm{display:none}}</style>");
    expect(html).not.toContain("<ol");
    expect(await snapshot()).toBe(before);
  });

  it("is cached like the JSON (a repeat is no D1 call, a 304 on its ETag) and purged by a write", async () => {
    await post({ text: "one" });
    const read = async (headers: Record<string, string> = {}) => {
      const calls = noCalls();
      const res = await fetchApp(
        `/api/v1/threads.html?${query}`,
        { headers: { Origin: BLOG, ...headers } },
        { calls, vars: { FRESH_SECONDS: undefined } },
      );
      return { res, calls, html: res.status === 200 ? await res.text() : "" };
    };
    const first = await read();
    expect(first.calls.trips).toBe(2);
    const again = await read();
    expect([again.res.headers.get("X-Confab-Cache"), again.calls.trips]).toEqual(["hit", 0]);
    expect(again.html).toBe(first.html);
    const etag = first.res.headers.get("ETag") as string;
    // Its own ETag: never the JSON's.
    const json = await fetchApp(
      `/api/v1/threads?${query}`,
      { headers: { Origin: BLOG } },
      { vars: { FRESH_SECONDS: undefined } },
    );
    expect(json.headers.get("ETag")).not.toBe(etag);
    expect((await read({ "If-None-Match": etag })).res.status).toBe(304);
    await fetchApp(
      "/api/v1/comments",
      {
        method: "POST",
        headers: { Origin: BLOG, "Content-Type": "application/json" },
        body: JSON.stringify({ site: "blog", url: ARTICLE, text: "two" }),
      },
      { vars: { FRESH_SECONDS: undefined } },
    );
    const after = await read();
    expect(after.res.headers.get("X-Confab-Cache")).not.toBe("hit");
    expect(after.html).toContain('<h2 id="confab-heading">2 comments</h2>');
  });

  it("refuses bad input as GET /threads does, writing nothing", async () => {
    const before = await snapshot();
    await expectError(await raw("site=blog"), 400, "validation_failed");
    await expectError(await raw(`site=blog&url=javascript:alert(1)`), 400, "validation_failed");
    await expectError(await raw(`site=nope&url=${encodeURIComponent(ARTICLE)}`), 404, "unknown_site");
    await expectError(await raw(`${query}&cursor=forged`), 400, "validation_failed");
    const foreign = await api(`/api/v1/threads.html?${query}`, {
      headers: { Origin: "https://evil.example" },
    });
    await expectError(foreign, 403, "origin_not_allowed");
    expect(await snapshot()).toBe(before);
  });
});
