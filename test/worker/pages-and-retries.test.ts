import { env } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { ARTICLE, addSite, api, BLOG, expectError, post, postJson, snapshot } from "./helpers.ts";

const OTHER = `${BLOG}/other/`;

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM likes; DELETE FROM idempotency_keys; DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite();
});

describe("GET /api/v1/counts", () => {
  it("counts many pages in one request, keyed by each URL as given, with cache headers", async () => {
    await post({ text: "1" });
    await post({ text: "2" });
    await post({ url: OTHER, text: "3" });
    await post({ url: undefined, pageId: "p-1", text: "4" });
    const decorated = `${ARTICLE}?utm_source=feed#comments`;
    const urls = [ARTICLE, decorated, OTHER, `${BLOG}/never`];
    const query = `site=blog&${urls.map((u) => `url=${encodeURIComponent(u)}`).join("&")}&pageId=p-1`;
    const res = await api(`/api/v1/counts?${query}`, { headers: { Origin: BLOG } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(await res.json()).toEqual({
      counts: { [ARTICLE]: 2, [decorated]: 2, [OTHER]: 1, [`${BLOG}/never`]: 0, "p-1": 1 },
    });
    const etag = res.headers.get("ETag");
    expect(etag).toBeTruthy();
    const again = await api(`/api/v1/counts?${query}`, {
      headers: { Origin: BLOG, "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    await post({ text: "5" });
    const changed = await api(`/api/v1/counts?${query}`, {
      headers: { Origin: BLOG, "If-None-Match": etag ?? "" },
    });
    expect(changed.status).toBe(200);
  });

  it("never counts held comments", async () => {
    await addSite("blog", [BLOG], "all");
    await post({ text: "held" });
    const res = await api(`/api/v1/counts?site=blog&url=${encodeURIComponent(ARTICLE)}`, {
      headers: { Origin: BLOG },
    });
    expect(await res.json()).toEqual({ counts: { [ARTICLE]: 0 } });
  });

  const bad: [string, string, number, string][] = [
    [
      "51 URLs",
      Array.from({ length: 51 }, (_, i) => `url=${encodeURIComponent(`${BLOG}/p${i}`)}`).join("&"),
      400,
      "validation_failed",
    ],
    ["no URL", "", 400, "validation_failed"],
    [
      "a URL of another site's origin",
      `url=${encodeURIComponent("https://other.example/p")}`,
      400,
      "validation_failed",
    ],
    ["a non-http URL", "url=javascript:alert(1)", 400, "validation_failed"],
  ];
  for (const [what, query, status, code] of bad) {
    it(`refuses ${what}`, async () => {
      const res = await api(`/api/v1/counts?site=blog&${query}`, { headers: { Origin: BLOG } });
      await expectError(res, status, code);
    });
  }

  it("refuses an unknown site", async () => {
    await expectError(
      await api(`/api/v1/counts?site=nope&url=${encodeURIComponent(ARTICLE)}`),
      404,
      "unknown_site",
    );
  });
});

describe("GET /api/v1/feed", () => {
  it("is valid Atom 1.0 with escaped content and permalinks, per site and per page", async () => {
    const a = (
      await post({
        title: "A <post>",
        author: { name: 'Ann "<b>"' },
        text: "hello <script>x</script> & **bye**",
      })
    ).json.comment.id;
    const b = (await post({ url: OTHER, title: "Other", text: "second" })).json.comment.id;
    await addSite("blog", [BLOG], "all");
    await post({ text: "held, never in a feed" });

    const res = await api("/api/v1/feed?site=blog");
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(
      xml,
    ).feed;
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe("urn:confab:feed:blog");
    expect(feed.link["@_rel"]).toBe("self");
    expect(feed.entry.map((e: any) => e.id)).toEqual([`urn:confab:comment:${b}`, `urn:confab:comment:${a}`]);
    const first = feed.entry[1];
    expect(first.link["@_href"]).toBe(`${ARTICLE}#comment-${a}`);
    expect(first.author.name).toBe('Ann "<b>"');
    expect(first.title).toBe('Ann "<b>" on A <post>');
    expect(first.content["@_type"]).toBe("html");
    // Parsed once, the content is the stored sanitised HTML; the raw XML holds it escaped.
    expect(first.content["#text"]).toBe(
      "<p>hello &lt;script&gt;x&lt;/script&gt; &amp; <strong>bye</strong></p>",
    );
    expect(xml).not.toContain("<script>");
    for (const e of feed.entry) expect(Number.isNaN(Date.parse(e.updated))).toBe(false);

    const page = await api(`/api/v1/feed?site=blog&url=${encodeURIComponent(OTHER)}`);
    const pageFeed = new XMLParser({ isArray: (name) => name === "entry" }).parse(await page.text()).feed;
    expect(pageFeed.entry.map((e: any) => e.id)).toEqual([`urn:confab:comment:${b}`]);
  });

  it("answers an empty feed for a quiet page and errors for bad input", async () => {
    const res = await api(`/api/v1/feed?site=blog&url=${encodeURIComponent(`${BLOG}/quiet`)}`);
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain("<entry>");
    await expectError(await api("/api/v1/feed?site=nope"), 404, "unknown_site");
    await expectError(await api("/api/v1/feed"), 400, "validation_failed");
    await expectError(
      await api(`/api/v1/feed?site=blog&url=${encodeURIComponent("https://evil.example/")}`),
      400,
      "validation_failed",
    );
  });
});

describe("POST /api/v1/preview", () => {
  it("renders with the same pipeline as a post, writing nothing", async () => {
    const text = "Hi **there** <img src=x onerror=alert(1)> [x](javascript:alert(1))";
    const before = await snapshot();
    const res = await postJson("/api/v1/preview", { site: "blog", text });
    expect(res.status).toBe(200);
    const { html } = (await res.json()) as { html: string };
    expect(await snapshot()).toBe(before);
    expect(html).toBe((await post({ text })).json.comment.html);
    expect(html).toContain("<strong>there</strong>");
    expect(html).not.toContain("<img");
  });

  it("refuses bad input", async () => {
    await expectError(
      await postJson("/api/v1/preview", { site: "blog", text: "" }),
      400,
      "validation_failed",
    );
    await expectError(await postJson("/api/v1/preview", { site: "nope", text: "x" }), 404, "unknown_site");
    await expectError(await postJson("/api/v1/preview", "{"), 400, "invalid_json");
    await expectError(
      await postJson("/api/v1/preview", { site: "blog", text: "x" }, { "Content-Type": "text/plain" }),
      415,
      "unsupported_media_type",
    );
  });
});

describe("Idempotency-Key", () => {
  it("answers a repeat with the first answer and writes nothing", async () => {
    const key = { "Idempotency-Key": "7f1c9a52-6a1e-4a1b-9c43-1d2e3f4a5b6c" };
    const first = await post({ text: "once" }, key);
    expect(first.res.status).toBe(201);
    const after = await snapshot();
    const again = await post({ text: "once" }, key);
    expect(again.res.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await snapshot()).toBe(after);
    // The edit token works and is not stored anywhere in clear.
    expect(after).not.toContain(first.json.editToken);
    const patched = await api(`/api/v1/comments/${first.json.comment.id}`, {
      method: "PATCH",
      headers: {
        "Content-Type": "application/json",
        Origin: BLOG,
        Authorization: `Bearer ${again.json.editToken}`,
      },
      body: JSON.stringify({ text: "edited" }),
    });
    expect(patched.status).toBe(200);
  });

  it("writes one comment when the same key races", async () => {
    const key = { "Idempotency-Key": "race-race-race-1" };
    const answers = await Promise.all([
      post({ text: "r" }, key),
      post({ text: "r" }, key),
      post({ text: "r" }, key),
    ]);
    for (const a of answers) expect(a.res.status).toBe(201);
    expect(new Set(answers.map((a) => a.json.comment.id)).size).toBe(1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first("n")).toBe(1);
    expect(await env.DB.prepare("SELECT comment_count FROM threads").first("comment_count")).toBe(1);
  });

  it("treats keys per site and forgets them after 24 hours", async () => {
    const key = { "Idempotency-Key": "same-key-123" };
    const first = (await post({ text: "a" }, key)).json.comment.id;
    await env.DB.prepare("UPDATE idempotency_keys SET created_at = ?1")
      .bind(new Date(Date.now() - 25 * 3600_000).toISOString())
      .run();
    // Another text: the same one from the same network would be refused as a duplicate.
    const second = (await post({ text: "b" }, key)).json.comment.id;
    expect(second).not.toBe(first);
  });

  it("refuses a malformed key, writing nothing", async () => {
    const before = await snapshot();
    for (const bad of ["short", "has space in it", "x".repeat(256)]) {
      const { res, json } = await post({ text: "a" }, { "Idempotency-Key": bad });
      expect([res.status, json.error?.code]).toEqual([400, "validation_failed"]);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("conditional GET of threads", () => {
  it("answers 304 to a matching If-None-Match and 200 once the thread changes", async () => {
    await post({ text: "one" });
    const url = `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`;
    const first = await api(url, { headers: { Origin: BLOG } });
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^(W\/)?".+"$/);
    const same = await api(url, { headers: { Origin: BLOG, "If-None-Match": etag } });
    expect(same.status).toBe(304);
    expect(same.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    await post({ text: "two" });
    expect((await api(url, { headers: { Origin: BLOG, "If-None-Match": etag } })).status).toBe(200);
  });
});
