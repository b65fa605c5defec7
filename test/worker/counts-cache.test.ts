// GET /counts through the read cache at the default FRESH_SECONDS: a repeat makes no D1 call, a
// count changed through the API is seen at once (the purge), other page lists and sites have
// their own entries.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type D1Calls, fetchApp, noCalls } from "./app-fetch.ts";
import {
  ARTICLE,
  addSite,
  adminJson,
  BLOG,
  expectError,
  forgetReads,
  post,
  RESET_SQL,
  snapshot,
} from "./helpers.ts";

const OTHER = `${BLOG}/2024/06/another/`;
const q = (urls: string[], site = "blog") =>
  `site=${site}&${urls.map((u) => `url=${encodeURIComponent(u)}`).join("&")}`;

async function counts(query: string, headers: Record<string, string> = { Origin: BLOG }) {
  const calls: D1Calls = noCalls();
  const res = await fetchApp(
    `/api/v1/counts?${query}`,
    { headers },
    { calls, vars: { FRESH_SECONDS: undefined } },
  );
  const body = res.status === 304 ? null : ((await res.json()) as any);
  return { res, calls, cache: res.headers.get("X-Confab-Cache"), body };
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await forgetReads("blog", "other");
});

describe("cached counts", () => {
  it("answer a repeat from the cache with no D1 call, and a changed count at once", async () => {
    await post({ text: "one" });
    const first = await counts(q([ARTICLE, OTHER]));
    expect([first.cache, first.calls.trips, first.body]).toEqual([
      "miss",
      2,
      { counts: { [ARTICLE]: 1, [OTHER]: 0 } },
    ]);
    expect(first.res.headers.get("Cache-Control")).toBe("public, max-age=60");
    const second = await counts(q([ARTICLE, OTHER]));
    expect([second.cache, second.calls.trips, second.body]).toEqual(["hit", 0, first.body]);
    expect(second.res.headers.get("ETag")).toBe(first.res.headers.get("ETag"));

    await post({ url: OTHER, text: "two" });
    const third = await counts(q([ARTICLE, OTHER]));
    expect([third.cache, third.body]).toEqual(["miss", { counts: { [ARTICLE]: 1, [OTHER]: 1 } }]);

    // A held comment counts nothing, so the entry stays.
    await addSite("blog", [BLOG], "all");
    await post({ text: "held" });
    await addSite("blog", [BLOG], "none");
    expect((await counts(q([ARTICLE, OTHER]))).cache).toBe("hit");

    // A moderator's decision changes a count: seen on the next read.
    const id = (await post({ text: "to be spam" })).json.comment.id;
    expect((await counts(q([ARTICLE, OTHER]))).body.counts[ARTICLE]).toBe(2);
    await adminJson(`/comments/${id}`, { method: "PATCH", body: { status: "spam" } });
    const after = await counts(q([ARTICLE, OTHER]));
    expect([after.cache, after.body.counts[ARTICLE]]).toEqual(["miss", 1]);
  });

  it("answer a matching If-None-Match with 304 and no D1 call", async () => {
    await post({ text: "one" });
    const first = await counts(q([ARTICLE]));
    const etag = first.res.headers.get("ETag") ?? "";
    const same = await counts(q([ARTICLE]), { Origin: BLOG, "If-None-Match": etag });
    expect([same.res.status, same.calls.trips]).toEqual([304, 0]);
    expect(same.res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    await post({ text: "two" });
    expect((await counts(q([ARTICLE]), { Origin: BLOG, "If-None-Match": etag })).res.status).toBe(200);
  });

  it("are never shared between lists of pages or between sites", async () => {
    await addSite("other", [BLOG]);
    await post({ text: "blog" });
    await post({ site: "other", url: OTHER, text: "other" });
    // Equal versions on both sites, so only the site in the key can keep their entries apart.
    await env.DB.exec("UPDATE sites SET counts_version = 7");
    const asks: [string, unknown][] = [
      [q([ARTICLE]), { [ARTICLE]: 1 }],
      [q([OTHER]), { [OTHER]: 0 }],
      [q([ARTICLE, OTHER]), { [ARTICLE]: 1, [OTHER]: 0 }],
      [q([OTHER, ARTICLE]), { [OTHER]: 0, [ARTICLE]: 1 }],
      [q([`${ARTICLE}#c`]), { [`${ARTICLE}#c`]: 1 }],
      [`${q([ARTICLE])}&pageId=p-1`, { [ARTICLE]: 1, "p-1": 0 }],
      [q([ARTICLE], "other"), { [ARTICLE]: 0 }],
      [q([OTHER], "other"), { [OTHER]: 1 }],
    ];
    for (const source of ["miss", "hit"]) {
      for (const [query, expected] of asks) {
        const r = await counts(query);
        expect([query, r.cache, JSON.stringify(r.body.counts)]).toEqual([
          query,
          source,
          JSON.stringify(expected),
        ]);
      }
    }
  });

  it("keep bad input's 4xx once cached, writing nothing", async () => {
    await post({ text: "one" });
    await counts(q([ARTICLE]));
    const before = await snapshot();
    const cases: [string, Record<string, string>, number, string][] = [
      [q([ARTICLE], "nope"), { Origin: BLOG }, 404, "unknown_site"],
      [q([ARTICLE]), { Origin: "https://evil.example" }, 403, "origin_not_allowed"],
      [q(["https://evil.example/x"]), { Origin: BLOG }, 400, "validation_failed"],
      ["site=blog", { Origin: BLOG }, 400, "validation_failed"],
      [`${q([ARTICLE])}&bookmark=%3Cx%3E`, { Origin: BLOG }, 400, "validation_failed"],
    ];
    for (const [query, headers, status, code] of cases) {
      const r = await counts(query, headers);
      await expectError(new Response(JSON.stringify(r.body), r.res), status, code);
      expect(r.cache).toBeNull();
    }
    expect(await snapshot()).toBe(before);
  });
});
