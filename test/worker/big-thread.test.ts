// A generated discussion: 10,500 comments on one page and 100,500 on the site. Pages stay
// correct (no gaps, no duplicates, 100 replies inlined, the rest via /replies) and every read
// touches a number of rows proportional to what it returns, not to the thread or the site.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { selectThreadPage } from "../../worker/src/db/thread-page.ts";
import { addSite, api, BLOG } from "./helpers.ts";

const BIG = `${BLOG}/big`;
const q = (extra: string) => `/api/v1/threads?site=blog&url=${encodeURIComponent(BIG)}${extra}`;
const id = (n: number) => String(n).padStart(16, "0");
const get = async (path: string) => (await (await api(path, { headers: { Origin: BLOG } })).json()) as any;

beforeAll(async () => {
  await env.DB.exec(
    "DELETE FROM likes; DELETE FROM idempotency_keys; DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite();
  const now = new Date().toISOString();
  // Threads: `big` (/big) and t0…t89 (/t0…/t89) with 1,000 comments each.
  await env.DB.prepare(
    `WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 89)
     INSERT INTO threads (id, site_id, page_key, url, created_at, updated_at, comment_count)
     SELECT 't' || n, 'blog', '/t' || n, ?1 || '/t' || n, ?2, ?2, 1000 FROM k
     UNION ALL SELECT 'big', 'blog', '/big', ?3, ?2, ?2, 10500`,
  )
    .bind(BLOG, now, BIG)
    .run();
  // Comments n = 1…100,000 in groups of five: a root, two replies, a reply to the second reply
  // (depth 2), and one more reply. The first 10,000 are on /big.
  await env.DB.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 100000),
     g AS (SELECT n, (n - 1) % 5 AS k, n - ((n - 1) % 5) AS r FROM seq)
     INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, avatar_seed, text, html,
       renderer_version, created_at, updated_at, reply_count)
     SELECT printf('%016d', n),
       CASE WHEN n <= 10000 THEN 'big' ELSE 't' || ((n - 10001) / 1000) END,
       'blog',
       CASE k WHEN 0 THEN NULL WHEN 3 THEN printf('%016d', n - 1) ELSE printf('%016d', r) END,
       printf('%016d', r),
       CASE k WHEN 0 THEN printf('%016d', n)
              WHEN 3 THEN printf('%016d', r) || '/' || printf('%016d', n - 1) || '/' || printf('%016d', n)
              ELSE printf('%016d', r) || '/' || printf('%016d', n) END,
       CASE k WHEN 0 THEN 0 WHEN 3 THEN 2 ELSE 1 END,
       'approved', 'seed', 'c' || n, '<p>c' || n || '</p>', 1, ?1, ?1,
       CASE k WHEN 0 THEN 3 WHEN 2 THEN 1 ELSE 0 END
     FROM g`,
  )
    .bind(now)
    .run();
  // The first root gets 500 more direct replies, beyond what a page inlines.
  await env.DB.prepare(
    `WITH RECURSIVE seq(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM seq WHERE m < 500)
     INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, avatar_seed, text, html,
       renderer_version, created_at, updated_at)
     SELECT printf('%016d', 200000 + m), 'big', 'blog', ?1, ?1, ?1 || '/' || printf('%016d', 200000 + m), 1,
       'approved', 'seed', 'x', '<p>x</p>', 1, ?2, ?2 FROM seq`,
  )
    .bind(id(1), now)
    .run();
  await env.DB.exec("ANALYZE");
}, 120_000);

describe("a 10,500-comment page on a 100,500-comment site", () => {
  it("has the generated size", async () => {
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first("n")).toBe(100_500);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE thread_id = 'big'").first("n"),
    ).toBe(10_500);
  });

  it("serves the first page: 50 roots, their replies depth-first, 100 replies inlined at most", async () => {
    const page = await get(q(""));
    expect(page.thread.commentCount).toBe(10_500);
    const roots = page.comments.filter((c: any) => c.parentId === null);
    expect(roots.map((c: any) => c.id)).toEqual(Array.from({ length: 50 }, (_, i) => id(1 + i * 5)));
    const firstRootReplies = page.comments.slice(1, page.comments.indexOf(roots[1]));
    expect(firstRootReplies).toHaveLength(100);
    // Root 6's subtree: 7, 8, 9 (under 8), 10.
    const second = page.comments.indexOf(roots[1]);
    expect(page.comments.slice(second, second + 5).map((c: any) => [c.id, c.parentId])).toEqual([
      [id(6), null],
      [id(7), id(6)],
      [id(8), id(6)],
      [id(9), id(8)],
      [id(10), id(6)],
    ]);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("pages through all 2,000 roots with no gap and no duplicate, in every order", async () => {
    for (const sort of ["oldest", "newest"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: any = await get(
          q(`&sort=${sort}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
        );
        seen.push(...page.comments.filter((c: any) => c.parentId === null).map((c: any) => c.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      const expected = Array.from({ length: 2000 }, (_, i) => id(1 + i * 5));
      expect(seen).toEqual(sort === "oldest" ? expected : expected.reverse());
    }
  });

  it("serves the first root's remaining 404 replies through /replies", async () => {
    const page = await get(q(""));
    const lastInlined = page.comments[100].id;
    let cursor: string | null = lastInlined;
    const rest: string[] = [];
    for (let guard = 0; guard < 10 && cursor; guard++) {
      const body: any = await get(`/api/v1/comments/${id(1)}/replies?cursor=${cursor}&limit=200`);
      rest.push(...body.comments.map((c: any) => c.id));
      cursor = body.nextCursor;
    }
    expect(rest).toHaveLength(404);
    expect(new Set([...page.comments.slice(1, 101).map((c: any) => c.id), ...rest]).size).toBe(504);
  });

  it("reads rows in proportion to the page, not to the thread or the site", async () => {
    const results = await env.DB.batch(
      selectThreadPage(env.DB, {
        siteId: "blog",
        key: "/big",
        sort: "oldest",
        roots: 50,
        repliesPerRoot: 100,
        after: null,
      }),
    );
    const rows = results.reduce((n, r) => n + r.results.length, 0);
    const read = results.reduce((n, r) => n + r.meta.rows_read, 0);
    // 50 roots of 5, the first with 100 inlined replies instead of 4, and the 51st root alone
    // (it tells that another page exists).
    expect(rows).toBe(50 * 5 + 100 - 4 + 1);
    // One index walk (migration 0014): about one read per row returned, plus the page's bound
    // (51 roots) and the pinned roots' part; a scan would read 10,000 and more.
    console.log(`big thread page: ${read} rows read for ${rows} returned`);
    expect(read).toBeLessThanOrEqual(rows * 2);
  });
});
