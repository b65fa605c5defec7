// The reads of a discussion: a page of roots with their first replies, and the rest of a subtree.
// Every value is a bound parameter; the SQL variants are built once from constant fragments.

import type { SortOrder } from "../../../shared/types.ts";
import { all, first, map, type Step } from "./batch.ts";
import { type CommentRow, PUBLIC_COLUMNS } from "./comments.ts";
import type { Db } from "./database.ts";

const VISIBLE = "('approved', 'deleted')";
const THREAD_ID = "(SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2)";

/**
 * Roots in each sort order, each order one range of its index walked in that order: `?5`/`?6` are
 * the likes and id of the last unpinned root served, null on the first page. `last` is the key of
 * the `?3`-th root of the range (one more than the page, to tell whether another exists); `upTo`
 * bounds the walk by it, so the page query ends there whatever the thread's size.
 */
const ROOT_ORDER: Record<
  SortOrder,
  { index: string; order: string; after: string; key: string; upTo: string }
> = {
  oldest: {
    index: "comments_roots",
    order: "id ASC",
    after: "id > COALESCE(?6, '')",
    key: "id",
    upTo: "r.id <= COALESCE((LAST), '~')",
  },
  newest: {
    index: "comments_roots",
    order: "id DESC",
    after: "id < COALESCE(?6, '~')",
    key: "id",
    upTo: "r.id >= COALESCE((LAST), '')",
  },
  top: {
    index: "comments_roots_top",
    order: "likes DESC, id DESC",
    after: "(likes, id) < (COALESCE(?5, 9000000000000000000), COALESCE(?6, '~'))",
    key: "likes, id",
    upTo: "(r.likes, r.id) >= (SELECT * FROM (LAST) UNION ALL SELECT -1, '' LIMIT 1)",
  },
};

// One statement per part of a page (the pinned roots, first page only, with `?4` = 1; then the
// rest), each a nested loop that D1 counts about once per row it returns: the roots from their
// index in the page's order, bounded by the key of the `?3`-th; under each, its subtree depth-first
// from the (root_id, path) index, up to the path of its `?7`-th visible reply. The ORDER BY is the
// order of those two walks, so SQLite sorts nothing (test/worker/query-plans.test.ts holds that);
// no window or materialised table either: both would read every row again.
// INDEXED BY pins the plan: with statistics, SQLite may otherwise prefer a wider index.
const threadPartSql = (sort: SortOrder, pinned: boolean): string => {
  const { index, order, after, key, upTo } = ROOT_ORDER[sort];
  const roots = (alias: string) =>
    `${alias}.thread_id = ${THREAD_ID} AND ${alias}.parent_id IS NULL AND ${alias}.pinned = ${pinned ? 1 : 0}
      AND ${alias}.status IN ${VISIBLE}`;
  const last = `SELECT ${key} FROM comments k INDEXED BY ${index} WHERE ${roots("k")} AND ${after.replaceAll(/\b(likes|id)\b/g, "k.$1")}
      ORDER BY ${order.replaceAll(/\b(likes|id)\b/g, "k.$1")} LIMIT 1 OFFSET ?3 - 1`;
  const walk = order.replaceAll(/\b(likes|id) (ASC|DESC)/g, "r.$1 $2");
  const direction = order.endsWith("DESC") ? "DESC" : "ASC";
  return `SELECT ${PUBLIC_COLUMNS}
    FROM comments r INDEXED BY ${index}
    JOIN comments c INDEXED BY comments_by_root_path ON c.root_id = r.id
      AND c.path <= COALESCE((SELECT x.path FROM comments x INDEXED BY comments_by_root_path
        WHERE x.root_id = r.id AND x.path > r.path AND x.status IN ${VISIBLE}
        ORDER BY x.path LIMIT 1 OFFSET ?7 - 1), '~')
    WHERE ${roots("r")}${pinned ? " AND ?4 = 1" : ""} AND ${after.replaceAll(/\b(likes|id)\b/g, "r.$1")}
      AND ${upTo.replace("LAST", last)}
      AND c.status IN ${VISIBLE}
    ORDER BY ${walk}, r.rowid ${direction}, c.path`;
};

// The unpinned roots of `oldest` and `newest` and their inlined replies in one range of
// comments_page_walk (migration 0014): rows marked `walk` = 1 are exactly a page's rows, in
// (root_id, path) order, so D1 reads about one row per row returned. The range ends at the
// `?3`-th root after the cursor (one more than the page, to tell whether another exists),
// found in comments_roots. `oldest` ends at that root's own row, `(root_id, path)` being a row
// value that the index ranges over; `newest` walks the same index upwards from it, so it also
// reads that root's inlined replies (dropped by the page), and `read` puts the roots in
// descending order. `top` orders roots by likes, which replies do not carry, so it reads the
// capped way (threadPartSql).
const walkSql = (sort: "oldest" | "newest"): string => {
  const roots = (alias: string) =>
    `${alias}.thread_id = ${THREAD_ID} AND ${alias}.parent_id IS NULL AND ${alias}.pinned = 0
      AND ${alias}.status IN ${VISIBLE}`;
  const { order, after } = ROOT_ORDER[sort];
  const k = (text: string) => text.replaceAll(/\b(likes|id)\b/g, "k.$1");
  const bound = (fallback: string) =>
    `(SELECT * FROM (SELECT k.id, k.path FROM comments k INDEXED BY comments_roots WHERE ${roots("k")}
      AND ${k(after)} ORDER BY ${k(order)} LIMIT 1 OFFSET ?3 - 1) UNION ALL SELECT ${fallback} LIMIT 1)`;
  const range =
    sort === "oldest"
      ? `(c.root_id, c.path) > (COALESCE(?6, ''), '~') AND (c.root_id, c.path) <= ${bound("'~', '~'")}`
      : `c.root_id < COALESCE(?6, '~') AND (c.root_id, c.path) >= ${bound("'', ''")}`;
  return `SELECT ${PUBLIC_COLUMNS}
    FROM comments c INDEXED BY comments_page_walk
    WHERE c.thread_id = ${THREAD_ID} AND c.walk = 1 AND c.status IN ${VISIBLE} AND ${range}
    ORDER BY c.root_id, c.path`;
};

export const THREAD_PAGE_SQL: Record<SortOrder, { pinned: string; rest: string }> = {
  oldest: { pinned: threadPartSql("oldest", true), rest: walkSql("oldest") },
  newest: { pinned: threadPartSql("newest", true), rest: walkSql("newest") },
  top: { pinned: threadPartSql("top", true), rest: threadPartSql("top", false) },
};

/** Where the next page starts: after the pinned roots, then after an unpinned root. */
export interface PageCursor {
  likes: number | null;
  id: string | null;
}

export type ThreadPageRow = CommentRow & { root_ord: number };

export interface ThreadPageQuery {
  siteId: string;
  key: string;
  sort: SortOrder;
  roots: number;
  repliesPerRoot: number;
  after: PageCursor | null;
}

/**
 * One page of a thread: up to `roots` roots (one more is fetched to tell whether a next page
 * exists), each followed depth-first by at most `repliesPerRoot` of its replies; `root_ord`
 * numbers the roots from 1, pinned ones first.
 */
export function threadPage(db: Db, q: ThreadPageQuery): Step<ThreadPageRow[]> {
  const statements = selectThreadPage(db, q);
  return {
    statements,
    read: (results) => {
      let ord = 0;
      // The walk of `newest` (the last statement) comes in ascending root order: its subtrees
      // are put in page order.
      const parts = results.map((r, i) => {
        const rows = (r.results ?? []) as CommentRow[];
        return q.sort === "newest" && i === results.length - 1 ? bySubtreeReversed(rows) : rows;
      });
      return parts.flat().map((row) => {
        if (row.parent_id === null) ord++;
        return { ...row, root_ord: ord };
      });
    },
  };
}

/** Rows in (root, path) order with their subtrees in reverse order, each subtree as it was. */
function bySubtreeReversed(rows: CommentRow[]): CommentRow[] {
  const subtrees: CommentRow[][] = [];
  for (const row of rows) {
    const open = subtrees.at(-1);
    if (row.parent_id === null || !open) subtrees.push([row]);
    else open.push(row);
  }
  return subtrees.reverse().flat();
}

/** The statements of a page: the pinned roots' on the first page, then the rest's. */
export function selectThreadPage(db: Db, q: ThreadPageQuery): D1PreparedStatement[] {
  const sql = THREAD_PAGE_SQL[q.sort];
  const values = [
    q.siteId,
    q.key,
    q.roots + 1,
    q.after ? 0 : 1,
    q.after?.likes ?? null,
    q.after?.id ?? null,
    q.repliesPerRoot,
  ];
  // D1 refuses more values than a statement's highest `?N`; the walk needs no reply cap (?7).
  const bind = (text: string) => db.prepare(text).bind(...values.slice(0, highestParam(text)));
  return q.after ? [bind(sql.rest)] : [bind(sql.pinned), bind(sql.rest)];
}

const highestParam = (sql: string): number =>
  Math.max(...Array.from(sql.matchAll(/\?(\d+)/g), (m) => Number(m[1])));

/** A comment with what a reader-facing route needs to authorise and scope the request. */
export const COMMENT_SCOPE_SQL = `SELECT c.id, c.site_id, c.thread_id, c.parent_id, c.root_id, c.path, c.status,
    c.created_at, c.edit_token_hash, s.edit_window_seconds, s.max_length,
    (SELECT json_group_array(origin) FROM site_origins o WHERE o.site_id = c.site_id) AS origins,
    EXISTS (SELECT 1 FROM comments k WHERE k.parent_id = c.id) AS has_children
  FROM comments c JOIN sites s ON s.id = c.site_id
  WHERE c.id = ?1`;

export interface CommentScopeRow {
  id: string;
  site_id: string;
  thread_id: string;
  parent_id: string | null;
  root_id: string;
  path: string;
  status: CommentRow["status"];
  created_at: string;
  edit_token_hash: string | null;
  edit_window_seconds: number;
  max_length: number;
  origins: string;
  has_children: number;
}

/** A comment's scope, or null. */
export const commentScope = (db: Db, id: string): Step<CommentScopeRow | null> =>
  first<CommentScopeRow>(db.prepare(COMMENT_SCOPE_SQL).bind(id));

// The subtree of a comment is every path that starts with its path + "/": the range
// (path + "/", path + "0"), since "0" is the character after "/".
export const REPLIES_PAGE_SQL = `SELECT ${PUBLIC_COLUMNS}
  FROM comments c JOIN comments p ON p.id = c.parent_id
  WHERE c.root_id = ?1 AND c.path > ?2 AND c.path < ?3 AND c.status IN ${VISIBLE}
    AND p.status IN ${VISIBLE}
  ORDER BY c.path LIMIT ?4`;

/** Replies of a subtree after `afterPath` (depth-first), `limit` + 1 of them to tell whether more exist. */
export const repliesPage = (
  db: Db,
  q: { rootId: string; subtreePath: string; afterPath: string; limit: number },
): Step<CommentRow[]> =>
  all<CommentRow>(db.prepare(REPLIES_PAGE_SQL).bind(q.rootId, q.afterPath, `${q.subtreePath}0`, q.limit + 1));

export const PATH_OF_SQL = "SELECT path FROM comments WHERE id = ?1";

/** The path of a comment, or null. */
export const pathOf = (db: Db, id: string): Step<string | null> =>
  map(first<{ path: string }>(db.prepare(PATH_OF_SQL).bind(id)), (row) => row?.path ?? null);
