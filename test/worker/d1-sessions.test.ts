// D1 read replication behind D1_SESSIONS: with it on, writes start on the primary and return the
// session's bookmark; a read sent with that bookmark continues from it; with it off, the binding
// is used as it is and no bookmark is sent.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type D1Calls, fetchApp, noCalls } from "./app-fetch.ts";
import { ARTICLE, addSite, BLOG, expectError, likeInit, RESET_SQL, snapshot } from "./helpers.ts";
import { workerdOnly } from "./runtime.ts";

const ON = { D1_SESSIONS: "on" };
/** Why the bookmark tests are workerd's only (docs/self-host.md, "What differs"). */
const NO_REPLICAS =
  "one SQLite file has no replicas: on Node withSession() is the database itself and its bookmark is null, so no X-Confab-Bookmark is sent";
const BOOKMARK = /^[0-9a-f]{1,64}(-[0-9a-f]{1,64}){1,7}$/i;
const threadQuery = `site=blog&url=${encodeURIComponent(ARTICLE)}`;

function postComment(text: string, vars: Record<string, string>, calls: D1Calls, query = "") {
  return fetchApp(
    `/api/v1/comments${query}`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BLOG },
      body: JSON.stringify({ site: "blog", url: ARTICLE, text }),
    },
    { calls, vars },
  );
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("D1 sessions", () => {
  it("off (the default): no session is opened and no bookmark is sent", async () => {
    const calls = noCalls();
    const res = await postComment("plain", {}, calls);
    expect(res.status).toBe(201);
    const read = await fetchApp(`/api/v1/threads?${threadQuery}`, { headers: { Origin: BLOG } }, { calls });
    expect(read.status).toBe(200);
    expect(calls.sessions).toEqual([]);
    expect(calls.trips).toBeGreaterThan(0);
    expect(res.headers.get("X-Confab-Bookmark")).toBeNull();
    expect(read.headers.get("X-Confab-Bookmark")).toBeNull();
  });

  it("on: a write starts on the primary and returns its bookmark; a read with it continues from it", async (ctx) => {
    workerdOnly(NO_REPLICAS, ctx);
    const write = noCalls();
    const res = await postComment("mine", ON, write);
    expect(res.status).toBe(201);
    expect(write.sessions).toEqual(["first-primary"]);
    const bookmark = res.headers.get("X-Confab-Bookmark") ?? "";
    expect(bookmark).toMatch(BOOKMARK);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("X-Confab-Bookmark");

    const read = noCalls();
    const page = await fetchApp(
      `/api/v1/threads?${threadQuery}&bookmark=${encodeURIComponent(bookmark)}`,
      { headers: { Origin: BLOG } },
      { calls: read, vars: ON },
    );
    expect(page.status).toBe(200);
    // A bookmark skips the stored answers: the page is read from D1, at least as fresh as it.
    expect(page.headers.get("X-Confab-Cache")).toBe("miss");
    expect(read.sessions).toEqual([bookmark]);
    expect(((await page.json()) as any).comments.map((c: any) => c.html)).toEqual(["<p>mine</p>"]);
    expect(page.headers.get("X-Confab-Bookmark")).toMatch(BOOKMARK);

    // Without a bookmark a read may start anywhere; one that asks D1 whether the stored answer
    // is current (FRESH_SECONDS 0 here) still reports where it read.
    const anywhere = noCalls();
    const again = await fetchApp(
      `/api/v1/threads?${threadQuery}`,
      { headers: { Origin: BLOG } },
      { calls: anywhere, vars: { ...ON, FRESH_SECONDS: "0" } },
    );
    expect([again.status, again.headers.get("X-Confab-Cache")]).toEqual([200, "revalidated"]);
    expect(anywhere.sessions).toEqual(["first-unconstrained"]);
    expect(again.headers.get("X-Confab-Bookmark")).toMatch(BOOKMARK);

    // A hot read asks D1 nothing, so it has no bookmark to report.
    const hot = noCalls();
    const cached = await fetchApp(
      `/api/v1/threads?${threadQuery}`,
      { headers: { Origin: BLOG } },
      { calls: hot, vars: { ...ON, FRESH_SECONDS: "10" } },
    );
    expect([cached.status, cached.headers.get("X-Confab-Cache"), hot.trips]).toEqual([200, "hit", 0]);
    expect(cached.headers.get("X-Confab-Bookmark")).toBeNull();
  });

  it("on: every write method starts on the primary, whatever bookmark it carries", async (ctx) => {
    workerdOnly(NO_REPLICAS, ctx);
    const first = await postComment("x", ON, noCalls());
    const { comment, editToken } = (await first.json()) as any;
    const bookmark = first.headers.get("X-Confab-Bookmark") ?? "";
    const writes: [string, RequestInit][] = [
      [`/api/v1/comments/${comment.id}/like?bookmark=${bookmark}`, likeInit()],
      [`/api/v1/comments/${comment.id}/like`, likeInit("DELETE")],
      [
        `/api/v1/comments/${comment.id}`,
        {
          method: "PATCH",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${editToken}` },
          body: JSON.stringify({ text: "edited" }),
        },
      ],
      [
        `/api/v1/comments/${comment.id}`,
        { method: "DELETE", headers: { Authorization: `Bearer ${editToken}` } },
      ],
    ];
    for (const [path, init] of writes) {
      const calls = noCalls();
      const res = await fetchApp(path, init, { calls, vars: ON });
      expect([path, init.method, res.status < 300]).toEqual([path, init.method, true]);
      expect(calls.sessions).toEqual(["first-primary"]);
      expect(res.headers.get("X-Confab-Bookmark")).toMatch(BOOKMARK);
    }
  });

  it("refuses a malformed bookmark with 400, CORS headers and nothing written, on or off", async () => {
    for (const vars of [ON, {}]) {
      const before = await snapshot();
      for (const bad of ["x", "<script>", "1-2-3-4-5-6-7-8-9", `${"a".repeat(65)}-1`]) {
        const query = `?bookmark=${encodeURIComponent(bad)}`;
        const write = await postComment("never", vars, noCalls(), query);
        const error = await expectError(write, 400, "validation_failed");
        expect(error.fields).toEqual({ bookmark: "invalid" });
        expect(write.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
        const read = await fetchApp(`/api/v1/threads?${threadQuery}&${query.slice(1)}`, {
          headers: { Origin: BLOG },
        });
        await expectError(read, 400, "validation_failed");
      }
      expect(await snapshot()).toBe(before);
    }
  });
});
