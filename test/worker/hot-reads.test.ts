// Hot reads (docs/api.md, "Freshness"): a stored answer younger than FRESH_SECONDS is served with no
// D1 call at all; a write through the API is seen by every other reader on their next read (the
// purge); a change no purge announces (another data centre, an operator's SQL) within the bound;
// many stale reads at once start one rebuild; memory stays within its byte bound.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ByteLru } from "../../worker/src/lib/reads/lru.ts";
import {
  type Entry,
  forget,
  fromCache,
  locate,
  memoryBytes,
  purge,
  toCache,
} from "../../worker/src/lib/reads/store.ts";
import { type D1Calls, fetchApp, noCalls } from "./app-fetch.ts";
import { ARTICLE, addSite, adminJson, api, BLOG, forgetReads, post, RESET_SQL, signedIn } from "./helpers.ts";
import { workerdOnly } from "./runtime.ts";

const THREAD = `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`;
const COUNTS = `/api/v1/counts?site=blog&url=${encodeURIComponent(ARTICLE)}`;

async function read(path: string, fresh: string, calls: D1Calls = noCalls()) {
  const res = await fetchApp(path, { headers: { Origin: BLOG } }, { calls, vars: { FRESH_SECONDS: fresh } });
  return { res, calls, cache: res.headers.get("X-Confab-Cache"), body: (await res.json()) as any };
}
const htmls = (body: any) => body.comments.map((c: any) => c.html);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fixHtml = (id: string, html: string) =>
  env.DB.prepare("UPDATE comments SET html = ?2 WHERE id = ?1").bind(id, html).run();

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await forgetReads("blog");
});

describe("a hot read", () => {
  it("of a thread page makes no D1 call at all", async () => {
    await post({ text: "one" });
    const first = await read(THREAD, "10");
    expect([first.cache, first.calls.trips]).toEqual(["miss", 2]);
    const second = await read(THREAD, "10");
    expect([second.cache, second.calls.trips, second.calls.statements]).toEqual(["hit", 0, 0]);
    expect(second.body).toEqual(first.body);
    expect(second.res.headers.get("ETag")).toBe(first.res.headers.get("ETag"));
    expect(second.res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
  });

  it("of counts makes no D1 call at all", async () => {
    await post({ text: "one" });
    expect((await read(COUNTS, "10")).calls.trips).toBe(2);
    const hot = await read(COUNTS, "10");
    expect([hot.cache, hot.calls.trips, hot.body]).toEqual(["hit", 0, { counts: { [ARTICLE]: 1 } }]);
  });

  it("of a page nobody commented on makes none either, and the first comment shows next", async () => {
    expect((await read(THREAD, "10")).calls.trips).toBe(1);
    const empty = await read(THREAD, "10");
    expect([empty.cache, empty.calls.trips, empty.body.thread.id]).toEqual(["hit", 0, null]);
    await post({ text: "first" });
    expect(htmls((await read(THREAD, "10")).body)).toEqual(["<p>first</p>"]);
  });
});

describe("a write", () => {
  it("through the API is seen by the next reader, however fresh the stored answer", async () => {
    const { comment } = (await post({ text: "one" })).json;
    await read(THREAD, "3600");
    await read(COUNTS, "3600");
    await post({ text: "two" });
    const thread = await read(THREAD, "3600");
    expect([thread.cache, htmls(thread.body)]).toEqual(["miss", ["<p>one</p>", "<p>two</p>"]]);
    expect((await read(COUNTS, "3600")).body.counts[ARTICLE]).toBe(2);
    // A moderator's decision, the same.
    await adminJson(`/comments/${comment.id}`, { method: "PATCH", body: { status: "spam" } });
    expect(htmls((await read(THREAD, "3600")).body)).toEqual(["<p>two</p>"]);
    expect((await read(COUNTS, "3600")).body.counts[ARTICLE]).toBe(1);
  });

  it("by a signed-in reader (edit and delete with the session, erasing themselves) is seen at once", async () => {
    const reader = await signedIn("blog", { kind: "github", subject: "7", name: "Ada", email: null });
    const auth = {
      Authorization: `Bearer ${reader.token}`,
      Origin: BLOG,
      "Content-Type": "application/json",
    };
    const { comment } = (await post({ text: "one" }, { Authorization: `Bearer ${reader.token}` })).json;
    await post({ text: "two" }, { Authorization: `Bearer ${reader.token}` });
    await read(THREAD, "3600");
    const edit = { method: "PATCH", headers: auth, body: JSON.stringify({ text: "one, edited" }) };
    expect((await api(`/api/v1/comments/${comment.id}`, edit)).status).toBe(200);
    expect(htmls((await read(THREAD, "3600")).body)).toEqual(["<p>one, edited</p>", "<p>two</p>"]);
    expect((await api(`/api/v1/comments/${comment.id}`, { method: "DELETE", headers: auth })).status).toBe(
      204,
    );
    expect(htmls((await read(THREAD, "3600")).body)).toEqual(["<p>two</p>"]);
    expect((await api("/api/v1/auth/identity", { method: "DELETE", headers: auth })).status).toBe(204);
    expect(htmls((await read(THREAD, "3600")).body)).toEqual([]);
  });

  it("that no purge announces is seen within FRESH_SECONDS, and never later than twice that", async () => {
    const { comment } = (await post({ text: "one" })).json;
    await read(THREAD, "1");
    await fixHtml(comment.id, "<p>fixed</p>");
    // Inside the bound the stored answer is still served: this is what FRESH_SECONDS allows.
    expect(htmls((await read(THREAD, "1")).body)).toEqual(["<p>one</p>"]);
    await sleep(1100);
    // Past it, the first reader still gets the stored answer while the isolate rebuilds it...
    const stale = await read(THREAD, "1");
    expect([stale.cache, htmls(stale.body), stale.calls.trips]).toEqual(["stale", ["<p>one</p>"], 2]);
    // ...and the next one gets the rebuilt answer, with no D1 call.
    const next = await read(THREAD, "1");
    expect([next.cache, htmls(next.body), next.calls.trips]).toEqual(["hit", ["<p>fixed</p>"], 0]);

    // Past twice the bound nothing stale is served: the read asks D1 before answering.
    await fixHtml(comment.id, "<p>again</p>");
    await sleep(2100);
    const late = await read(THREAD, "1");
    expect([late.cache, htmls(late.body)]).toEqual(["miss", ["<p>again</p>"]]);
    // Unchanged and old: one round trip says so and the stored answer is served.
    await sleep(2100);
    const same = await read(THREAD, "1");
    expect([same.cache, same.calls.trips, htmls(same.body)]).toEqual(["revalidated", 1, ["<p>again</p>"]]);
  }, 15_000);
});

describe("stale reads", () => {
  it("arriving together start one rebuild in the isolate", async () => {
    const { comment } = (await post({ text: "one" })).json;
    await read(THREAD, "1");
    await fixHtml(comment.id, "<p>fixed</p>");
    await sleep(1100);
    const calls = noCalls();
    const all = await Promise.all(Array.from({ length: 20 }, () => read(THREAD, "1", calls)));
    expect(all.map((r) => r.res.status)).toEqual(Array(20).fill(200));
    expect(new Set(all.map((r) => r.cache))).toEqual(new Set(["stale"]));
    // The version check and the page: one rebuild's two round trips, for twenty readers.
    expect(calls.trips).toBe(2);
    expect(htmls((await read(THREAD, "1")).body)).toEqual(["<p>fixed</p>"]);
  });
});

describe("the memory of an isolate", () => {
  it("stays within its byte bound, dropping the least recently used first", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A");
    lru.set("c", "C", 40);
    // b was the least recently used: a was read after it was stored.
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["A", undefined, "C"]);
    expect([lru.bytes, lru.size]).toEqual([80, 2]);
    lru.set("a", "A2", 70);
    expect([lru.get("a"), lru.get("c"), lru.bytes]).toEqual(["A2", undefined, 70]);
    // An entry larger than the whole bound is not kept, and takes nothing with it.
    lru.set("huge", "H", 101);
    expect([lru.get("huge"), lru.get("a"), lru.bytes]).toEqual([undefined, "A2", 70]);
    lru.deleteWhere((v) => v.startsWith("A"));
    expect([lru.size, lru.bytes]).toEqual([0, 0]);
  });

  it("counts a copy made later against the bound, dropping others but not the entry grown", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    lru.grow("b", 15);
    expect([lru.bytes, lru.size]).toEqual([95, 2]);
    lru.grow("b", 10);
    // Past the bound: a (the least recently used) goes; b stays with its copy counted.
    expect([lru.peek("a"), lru.peek("b"), lru.bytes]).toEqual([undefined, "B", 65]);
    lru.grow("gone", 10);
    expect(lru.bytes).toBe(65);
  });

  it("holds an answer's UTF-8 bytes and its gzip within the bound, counted when each is made", async () => {
    await post({ text: "long ".repeat(400), author: { name: "Ann" } });
    const before = memoryBytes();
    const plain = await fetchApp(THREAD, { headers: { Origin: BLOG } });
    const kept = memoryBytes() - before;
    const utf8 = (await plain.arrayBuffer()).byteLength;
    expect(utf8).toBeGreaterThan(1024);
    // The entry (its string, counted at two bytes a character) and the UTF-8 bytes it is sent from.
    expect(kept).toBeGreaterThan(2 * utf8 + utf8);
    const zipped = await fetchApp(THREAD, { headers: { Origin: BLOG, "Accept-Encoding": "gzip" } });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    const gz = (await zipped.arrayBuffer()).byteLength;
    expect(memoryBytes() - before - kept).toBe(gz);
    // Made once: another gzipped read adds nothing.
    await fetchApp(THREAD, { headers: { Origin: BLOG, "Accept-Encoding": "gzip" } });
    expect(memoryBytes() - before - kept).toBe(gz);
  });
});

describe("the data centre's Cache API", () => {
  workerdOnly(
    "Node has no Cache API: one process is one isolate, so the memory cache is the whole hot-read cache (worker/node/caches.ts keeps nothing; docs/self-host.md)",
  );
  const ORIGIN = "https://confab.test";
  const key = { kind: "threads" as const, siteId: "blog", pageKey: "/p", variant: '["x"]' };
  // Built by another isolate after the reset's purge (a millisecond on: the clock stands still
  // between I/O here, and an entry built in the purge's own millisecond is refused).
  const built = (): Entry => ({
    ...key,
    body: '{"comments":["é"]}',
    etag: '"e"',
    stamp: "s",
    origins: [BLOG],
    builtAt: Date.now() + 1,
  });

  it("gives another isolate the stored answer, under the same generations", async () => {
    const url = (await locate(ORIGIN, key)) as string;
    expect(url).toMatch(/^https:\/\/confab\.test\/__confab-cache\/threads\?/);
    const entry = built();
    await toCache(url, entry);
    expect(await locate(ORIGIN, key)).toBe(url);
    expect(await fromCache(url, key)).toEqual(entry);
  });

  it("finds nothing of a page once a write purged it, and keeps the site's other pages", async () => {
    const other = { ...key, pageKey: "/q" };
    const [url, otherUrl] = [(await locate(ORIGIN, key)) as string, (await locate(ORIGIN, other)) as string];
    const entry = built();
    await toCache(url, entry);
    await toCache(otherUrl, { ...entry, ...other });
    await forget(ORIGIN, purge({ siteId: "blog", pageKey: "/p" }));
    const moved = (await locate(ORIGIN, key)) as string;
    expect(moved).not.toBe(url);
    expect(await fromCache(moved, key)).toBeNull();
    // The entry under the old generation is refused too, in the isolate that purged.
    expect(await fromCache(url, key)).toBeNull();
    expect(await locate(ORIGIN, other)).toBe(otherUrl);
    // A purge of the whole site moves every page's name.
    await forget(ORIGIN, purge({ siteId: "blog" }));
    expect(await locate(ORIGIN, other)).not.toBe(otherUrl);
  });
});
