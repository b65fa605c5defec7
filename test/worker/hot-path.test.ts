// The hot path (lib/hot-read.ts): a GET the full path already answered, for the exact same URL,
// is answered from memory before the middleware, with the same bytes and headers; everything else
// goes the full way. Which path answered is seen through D1 sessions: with D1_SESSIONS on, the full
// path opens one for every request (even a hit that then asks D1 nothing), the hot path none.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type D1Calls, fetchApp, noCalls } from "./app-fetch.ts";
import { ARTICLE, addSite, adminJson, BLOG, forgetReads, post, RESET_SQL } from "./helpers.ts";

const THREAD = `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`;
const COUNTS = `/api/v1/counts?site=blog&url=${encodeURIComponent(ARTICLE)}`;
const VARS = { FRESH_SECONDS: "3600", D1_SESSIONS: "on" };

async function get(path: string, headers: Record<string, string> = { Origin: BLOG }, more: RequestInit = {}) {
  const calls = noCalls();
  const res = await fetchApp(path, { headers, ...more }, { calls, vars: VARS });
  return { res, calls, bytes: new Uint8Array(await res.arrayBuffer()) };
}
/** The same request through the app alone: what the full path answers. */
async function full(path: string, headers: Record<string, string> = { Origin: BLOG }) {
  const res = await fetchApp(path, { headers }, { vars: VARS, fullPath: true });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const hot = (calls: D1Calls) => calls.sessions.length === 0 && calls.trips === 0;
/** Every header but the request id, which is new per request (and checked to be there). */
function headersOf(res: Response): [string, string][] {
  expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  return [...res.headers].filter(([name]) => name !== "x-request-id").sort();
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await forgetReads("blog");
  await post({ text: "one" });
  await post({ text: "two" });
});

describe("the hot path", () => {
  for (const [name, path] of [
    ["a thread page", THREAD],
    ["counts", COUNTS],
  ] as const) {
    it(`answers ${name} with the full path's bytes and headers, with and without an Origin`, async () => {
      for (const headers of [{ Origin: BLOG }, {} as Record<string, string>]) {
        const first = await get(path, headers);
        expect([first.res.headers.get("X-Confab-Cache"), hot(first.calls)]).toEqual(["miss", false]);
        const fast = await get(path, headers);
        expect([fast.res.status, hot(fast.calls)]).toEqual([200, true]);
        const slow = await full(path, headers);
        expect(slow.res.headers.get("X-Confab-Cache")).toBe("hit");
        expect(fast.bytes).toEqual(slow.bytes);
        expect(headersOf(fast.res)).toEqual(headersOf(slow.res));
        expect(fast.res.headers.get("Access-Control-Allow-Origin")).toBe(headers.Origin ?? null);
        expect(fast.res.headers.get("X-Confab-Bookmark")).toBeNull();
        await forgetReads("blog");
      }
    });
  }

  it("answers a matching If-None-Match with the full path's 304", async () => {
    const etag = (await get(THREAD)).res.headers.get("ETag") ?? "";
    const conditional = { Origin: BLOG, "If-None-Match": `W/${etag}` };
    const fast = await get(THREAD, conditional);
    expect([fast.res.status, fast.bytes.length, hot(fast.calls)]).toEqual([304, 0, true]);
    const slow = await full(THREAD, conditional);
    expect(slow.res.status).toBe(304);
    expect(headersOf(fast.res)).toEqual(headersOf(slow.res));
    // Another ETag is answered with the body.
    const other = await get(THREAD, { Origin: BLOG, "If-None-Match": '"other"' });
    expect([other.res.status, hot(other.calls)]).toEqual([200, true]);
  });

  it("refuses a foreign Origin as the full path does, by sending it there", async () => {
    await get(THREAD);
    for (const origin of ["https://evil.example", "null", "https://blog.example.com.evil.net"]) {
      const refused = await get(THREAD, { Origin: origin });
      expect([refused.res.status, hot(refused.calls)]).toEqual([403, false]);
      const slow = await full(THREAD, { Origin: origin });
      expect(new TextDecoder().decode(refused.bytes)).toContain('"origin_not_allowed"');
      expect(refused.bytes).toEqual(slow.bytes);
      expect(headersOf(refused.res)).toEqual(headersOf(slow.res));
      expect(refused.res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    }
    // The site's own origin is still answered hot after the refusals.
    expect(hot((await get(THREAD)).calls)).toBe(true);
  });

  it("is bypassed by a bookmark, HEAD, another spelling of the query and other paths", async () => {
    await get(THREAD);
    const bookmark = "0000002a-00000003-00004f8c-0123456789abcdef0123456789abcdef";
    const withBookmark = await get(`${THREAD}&bookmark=${bookmark}`);
    expect([withBookmark.res.headers.get("X-Confab-Cache"), hot(withBookmark.calls)]).toEqual([
      "miss",
      false,
    ]);
    // A bookmark request never makes its URL hot: the next one asks D1 again.
    expect(hot((await get(`${THREAD}&bookmark=${bookmark}`)).calls)).toBe(false);
    const head = await get(THREAD, { Origin: BLOG }, { method: "HEAD" });
    expect([head.res.status, head.bytes.length, hot(head.calls)]).toEqual([200, 0, false]);
    // The same page asked another way: the full path first, then that URL is hot too.
    const reordered = `/api/v1/threads?url=${encodeURIComponent(ARTICLE)}&site=blog`;
    const once = await get(reordered);
    expect([once.res.headers.get("X-Confab-Cache"), hot(once.calls)]).toEqual(["hit", false]);
    expect(hot((await get(reordered)).calls)).toBe(true);
    const other = await get(`${THREAD}&limit=1`);
    expect(hot(other.calls)).toBe(false);
    const post = await get(THREAD, { Origin: BLOG }, { method: "POST" });
    expect([post.res.status, hot(post.calls)]).toEqual([404, false]);
  });

  it("never answers a URL the full path refused", async () => {
    await get(THREAD);
    // The same page named by a URL of another origin: a 400 every time, never a hot answer.
    const foreign = `/api/v1/threads?site=blog&url=${encodeURIComponent("https://evil.example/2024/05/hello-world/")}`;
    for (let i = 0; i < 2; i++) {
      const refused = await get(foreign);
      expect([refused.res.status, hot(refused.calls)]).toEqual([400, false]);
    }
  });

  it("sees a write's purge at once, and serves nothing once FRESH_SECONDS has passed", async () => {
    await get(THREAD);
    expect(hot((await get(THREAD)).calls)).toBe(true);
    await post({ text: "three" });
    const after = await get(THREAD);
    expect([after.res.headers.get("X-Confab-Cache"), hot(after.calls)]).toEqual(["miss", false]);
    const htmls = JSON.parse(new TextDecoder().decode(after.bytes)).comments.map(
      (c: { html: string }) => c.html,
    );
    expect(htmls).toEqual(["<p>one</p>", "<p>two</p>", "<p>three</p>"]);
    expect(hot((await get(THREAD)).calls)).toBe(true);
    // FRESH_SECONDS=0: every read asks D1 first, so nothing is answered hot.
    const calls = noCalls();
    await fetchApp(THREAD, { headers: { Origin: BLOG } }, { calls, vars: { ...VARS, FRESH_SECONDS: "0" } });
    expect(hot(calls)).toBe(false);
  });

  it("stops answering an Origin the site no longer admits, at once", async () => {
    await get(THREAD);
    expect(hot((await get(THREAD)).calls)).toBe(true);
    await adminJson("/sites/blog", { method: "PATCH", body: { origins: ["https://other.example"] } });
    const refused = await get(THREAD);
    expect([refused.res.status, hot(refused.calls)]).toEqual([403, false]);
    expect(new TextDecoder().decode(refused.bytes)).toContain('"origin_not_allowed"');
    const other = { Origin: "https://other.example" };
    // The page URL is on the old origin: the full path refuses it, so it never becomes hot.
    expect((await get(THREAD, other)).res.status).toBe(400);
    expect(hot((await get(THREAD, other)).calls)).toBe(false);
  });
});

describe("gzipped answers (lib/reads/encoding.ts)", () => {
  const GZIP = { Origin: BLOG, "Accept-Encoding": "gzip, deflate, br, zstd" };
  const gunzip = async (bytes: Uint8Array) =>
    new Uint8Array(
      await new Response(
        new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
      ).arrayBuffer(),
    );

  beforeEach(async () => {
    for (let i = 0; i < 6; i++)
      await post({ text: `Long enough to be worth gzip, comment ${i}. `.repeat(4) });
  });

  it("answers a browser with gzip, hot and full alike, the same bytes unzipped, with a weak ETag", async () => {
    const plain = await full(THREAD);
    expect(plain.res.headers.get("Content-Encoding")).toBeNull();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    const first = await get(THREAD, GZIP);
    const fast = await get(THREAD, GZIP);
    expect(hot(fast.calls)).toBe(true);
    const slow = await full(THREAD, GZIP);
    expect(headersOf(fast.res)).toEqual(headersOf(slow.res));
    for (const answer of [first, fast, slow]) {
      expect(answer.res.headers.get("Content-Encoding")).toBe("gzip");
      expect(answer.bytes.length).toBeLessThan(plain.bytes.length / 2);
      expect(await gunzip(answer.bytes)).toEqual(plain.bytes);
    }
    expect(fast.res.headers.get("Vary")).toBe("Accept-Encoding, Origin");
    expect(fast.res.headers.get("ETag")).toBe(`W/${plain.res.headers.get("ETag")}`);
    // Either ETag revalidates.
    for (const tag of [fast.res.headers.get("ETag"), plain.res.headers.get("ETag")]) {
      const again = await get(THREAD, { ...GZIP, "If-None-Match": tag ?? "" });
      expect([again.res.status, hot(again.calls)]).toEqual([304, true]);
    }
  });

  it("sends the plain bytes to a client that refuses gzip or does not ask, and a small answer plain", async () => {
    for (const refusal of ["gzip;q=0", "br", "identity", "gzip;q=0, *"]) {
      const { res } = await get(THREAD, { Origin: BLOG, "Accept-Encoding": refusal });
      expect([refusal, res.headers.get("Content-Encoding")]).toEqual([refusal, null]);
    }
    const { res, bytes } = await get(COUNTS, GZIP);
    expect([res.headers.get("Content-Encoding"), bytes.length < 1024]).toEqual([null, true]);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toHaveProperty("counts");
  });

  it("answers a hot thread fragment as HTML, as the full path does", async () => {
    const path = THREAD.replace("/threads?", "/threads.html?");
    await get(path, GZIP);
    const fast = await get(path, GZIP);
    expect(hot(fast.calls)).toBe(true);
    expect(fast.res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(new TextDecoder().decode(await gunzip(fast.bytes))).toContain("itemprop");
    const plain = await get(path);
    expect(plain.res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  });
});
