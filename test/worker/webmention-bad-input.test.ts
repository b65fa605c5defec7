// Webmention bad input: requests refused with their documented 4xx and nothing written (every
// table snapshot before and after), and sources refused or sanitised with only the mention's
// status written: one that does not link, is 50 MB, is slow, is not HTML, would stall the parser,
// carries script, or (outside development) is http: or redirects to a private address.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { hEntry, plainPage } from "../fixtures/h-entries.ts";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, api, BLOG, expectError, snapshot } from "./helpers.ts";
import {
  freshSite,
  mention,
  PRODUCTION,
  page,
  SOURCE,
  send,
  sourceLog,
  thread,
} from "./webmention-helpers.ts";

beforeEach(freshSite);

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
    // A page with a thread already: its row (and read version) must not move either.
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>First</p>" })));
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
    const { hugeSent } = await sourceLog();
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
  const except = { except: ["webmentions", "rate_slots"] };

  it("an http: source is refused before anything is fetched", async () => {
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Hi</p>" }));
    const before = await snapshot(except);
    const { status } = await mention(source, ARTICLE, PRODUCTION);
    expect(status.status).toBe("rejected");
    expect(status.error).toMatch(/^the source is not allowed: it must use https:/);
    expect(await snapshot(except)).toBe(before);
    const { log } = await sourceLog();
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
      const { log } = await sourceLog();
      expect(log).not.toContain(new URL(secret).pathname);
    } finally {
      globalThis.fetch = real;
    }
  });
});
