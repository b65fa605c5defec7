// The reads of a discussion: a page of roots with their first replies, and the rest of a subtree.
// Every value is a bound parameter; the SQL variants are built once from constant fragments.

import type { SortOrder } from "../../../shared/types.ts";
import { all, first, map, type Step } from "./batch.ts";
import { type CommentRow, PUBLIC_COLUMNS } from "./comments.ts";
import type { Db } from "./database.ts";

const VISIBLE = "('approved', 'deleted')";

/**
 * Roots in each sort order. Pinned roots all come first (on the first page); unpinned roots are
 * paged by keyset, each order one range of its index: `?5`/`?6` are the likes and id of the last
 * unpinned root served, null on the first page.
 */
const ROOT_ORDER: Record<SortOrder, { index: string; order: string; after: string }> = {
  oldest: { index: "comments_roots", order: "id ASC", after: "id > COALESCE(?6, '')" },
  newest: { index: "comments_roots", order: "id DESC", after: "id < COALESCE(?6, '~')" },
  top: {
    index: "comments_roots_top",
    order: "likes DESC, id DESC",
    after: "(likes, id) < (COALESCE(?5, 9000000000000000000), COALESCE(?6, '~'))",
  },
};

// `?4` = 1 includes the pinned roots (first page only). Up to `?3` roots (one more than the page,
// to tell whether another exists); for each, the path of its last inlined reply, so the join reads
// at most `?7` replies per root through the (root_id, path) index however large the subtree is.
// INDEXED BY pins the plan: with statistics, SQLite may otherwise prefer a wider index.
const threadPageSql = (sort: SortOrder): string => {
  const { index, order, after } = ROOT_ORDER[sort];
  const roots = (pinned: string) => `SELECT id, path, pinned, likes FROM comments INDEXED BY ${index}
      WHERE thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2)
        AND parent_id IS NULL AND ${pinned} AND status IN ${VISIBLE}
      ORDER BY ${order} LIMIT ?3`;
  return `WITH page AS (
      SELECT * FROM (${roots("pinned = 1 AND ?4 = 1")})
      UNION ALL
      SELECT * FROM (${roots(`pinned = 0 AND ${after}`)})
    ), roots AS (
      SELECT id, pinned, likes, ROW_NUMBER() OVER (ORDER BY pinned DESC, ${order}) AS root_ord,
        COALESCE((SELECT x.path FROM comments x WHERE x.root_id = page.id AND x.path > page.path
                  AND x.status IN ${VISIBLE} ORDER BY x.path LIMIT 1 OFFSET ?7 - 1), '~') AS last_path
      FROM page
    )
    SELECT ${PUBLIC_COLUMNS}, r.root_ord
    FROM roots r JOIN comments c ON c.root_id = r.id AND c.path <= r.last_path
    WHERE r.root_ord <= ?3 AND c.status IN ${VISIBLE}
    ORDER BY r.root_ord, c.path`;
};

export const THREAD_PAGE_SQL: Record<SortOrder, string> = {
  oldest: threadPageSql("oldest"),
  newest: threadPageSql("newest"),
  top: threadPageSql("top"),
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
 * exists), each followed depth-first by at most `repliesPerRoot` of its replies.
 */
export const threadPage = (db: Db, q: ThreadPageQuery): Step<ThreadPageRow[]> =>
  all<ThreadPageRow>(selectThreadPage(db, q));

export function selectThreadPage(db: Db, q: ThreadPageQuery): D1PreparedStatement {
  return db
    .prepare(THREAD_PAGE_SQL[q.sort])
    .bind(
      q.siteId,
      q.key,
      q.roots + 1,
      q.after ? 0 : 1,
      q.after?.likes ?? null,
      q.after?.id ?? null,
      q.repliesPerRoot,
    );
}

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
