// Every hot query must use an index: EXPLAIN QUERY PLAN of each, failing on any full scan of
// comments (or of threads, likes and idempotency keys).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { APPROVED_BY_IDENTITY_SQL } from "../../worker/src/db/comments.ts";
import { PAGE_FEED_SQL, SITE_FEED_SQL } from "../../worker/src/db/feed.ts";
import { IDEMPOTENCY_LOOKUP_SQL } from "../../worker/src/db/idempotency.ts";
import { LATEST_SQL } from "../../worker/src/db/latest.ts";
import { LIKE_SQL, LIKE_STATE_SQL, UNLIKE_SQL } from "../../worker/src/db/likes.ts";
import { REACTION_SQL } from "../../worker/src/db/reactions.ts";
import { FILE_REPORT_SQL, OPEN_REPORTS_SQL, SITE_REPORTS_SQL } from "../../worker/src/db/reports.ts";
import { SELECT_SITE_SQL } from "../../worker/src/db/sites.ts";
import {
  COMMENT_SCOPE_SQL,
  PATH_OF_SQL,
  REPLIES_PAGE_SQL,
  THREAD_PAGE_SQL,
} from "../../worker/src/db/thread-page.ts";
import { COUNTS_SQL, THREAD_BY_KEY_SQL } from "../../worker/src/db/threads.ts";

const HOT: [string, string, unknown[]][] = [
  ["thread page, oldest, pinned", THREAD_PAGE_SQL.oldest.pinned, ["blog", "/p", 51, 1, null, null, 100]],
  ["thread page, oldest", THREAD_PAGE_SQL.oldest.rest, ["blog", "/p", 51, 1, null, null]],
  ["thread page, oldest, after a cursor", THREAD_PAGE_SQL.oldest.rest, ["blog", "/p", 51, 0, 0, "abc"]],
  ["thread page, newest, pinned", THREAD_PAGE_SQL.newest.pinned, ["blog", "/p", 51, 1, null, null, 100]],
  ["thread page, newest", THREAD_PAGE_SQL.newest.rest, ["blog", "/p", 51, 0, 0, "abc"]],
  ["thread page, top, pinned", THREAD_PAGE_SQL.top.pinned, ["blog", "/p", 51, 1, null, null, 100]],
  ["thread page, top", THREAD_PAGE_SQL.top.rest, ["blog", "/p", 51, 0, 3, "abc", 100]],
  ["replies page", REPLIES_PAGE_SQL, ["r", "r/a", "r0", 101]],
  ["comment scope", COMMENT_SCOPE_SQL, ["abc"]],
  ["path of a cursor", PATH_OF_SQL, ["abc"]],
  ["site", SELECT_SITE_SQL, ["blog"]],
  ["thread by key", THREAD_BY_KEY_SQL, ["blog", "/p"]],
  ["counts", COUNTS_SQL, ["blog", '["/a","/b"]']],
  ["site feed", SITE_FEED_SQL, ["blog", 50]],
  ["page feed", PAGE_FEED_SQL, ["blog", "/p", 50]],
  ["approved before, by identity", APPROVED_BY_IDENTITY_SQL, ["abc"]],
  ["like", LIKE_SQL, ["abc", "reader", "2026-01-01"]],
  ["unlike", UNLIKE_SQL, ["abc", "reader"]],
  ["like state", LIKE_STATE_SQL, ["abc", "reader"]],
  ["idempotency lookup", IDEMPOTENCY_LOOKUP_SQL, ["blog", "key", "2026-01-01"]],
  ["react to a comment", REACTION_SQL.comment.add, ["abc", null, "👍", "reader", "2026-01-01"]],
  ["unreact to a comment", REACTION_SQL.comment.remove, ["abc", null, "👍", "reader"]],
  ["recount a comment's reactions", REACTION_SQL.comment.recount, ["abc"]],
  ["a comment's reactions", REACTION_SQL.comment.state, ["abc", null, null, "reader"]],
  ["react to a page", REACTION_SQL.page.add, ["blog", "/p", "👍", "reader", "2026-01-01"]],
  ["unreact to a page", REACTION_SQL.page.remove, ["blog", "/p", "👍", "reader"]],
  ["recount a page's reactions", REACTION_SQL.page.recount, ["blog", "/p"]],
  ["a page's reactions", REACTION_SQL.page.state, ["blog", "/p", null, "reader"]],
  ["file a report", FILE_REPORT_SQL, ["abc", "reader", "why", "2026-01-01"]],
  ["open reports of a comment", OPEN_REPORTS_SQL, ["abc"]],
  ["a site's reports", SITE_REPORTS_SQL, ["blog", 500]],
  ["latest comments", LATEST_SQL, ["blog", 10]],
];

// A plan line like "SCAN c" or "SCAN comments USING INDEX x" reads a whole table or index;
// "SEARCH …" and scans of CTEs/subquery results (page, roots, json_each) are fine.
const TABLE_ALIASES =
  /^SCAN (comments|threads|likes|reactions|reports|idempotency_keys|sites|site_origins|c|x|p|k|t|o|l|s|r)\b/;

describe("query plans", () => {
  for (const [name, sql, params] of HOT) {
    it(`${name} uses indexes only`, async () => {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      expect(details.length).toBeGreaterThan(0);
      expect(
        details.filter((d) => TABLE_ALIASES.test(d)),
        details.join("\n"),
      ).toEqual([]);
    });
  }

  // D1 counts every row a sorter or a materialised table passes on, as well as those read from
  // the tables: the thread page's order is the order of its index walks, so it sorts nothing.
  for (const [name, sql, params] of HOT.filter(([n]) => n.startsWith("thread page"))) {
    it(`${name} sorts nothing and materialises nothing`, async () => {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      expect(
        details.filter(
          (d) => /TEMP B-TREE|MATERIALIZE|CO-ROUTINE \(subquery-\d+\)$/.test(d) && !d.includes("SCALAR"),
        ),
        details.join("\n"),
      ).toEqual(
        // The bound of the top order and of the walk (oldest, newest) falls back to a constant row
        // through one small compound subquery, run once; the pinned parts of oldest and newest have none.
        name.includes("top") || !name.includes("pinned") ? [expect.stringMatching(/^CO-ROUTINE/)] : [],
      );
    });
  }

  it("the check itself catches a full scan", async () => {
    const { results } = await env.DB.prepare("EXPLAIN QUERY PLAN SELECT id FROM comments WHERE text = ?1")
      .bind("x")
      .all<{ detail: string }>();
    expect(results.some((r) => TABLE_ALIASES.test(r.detail))).toBe(true);
  });
});
