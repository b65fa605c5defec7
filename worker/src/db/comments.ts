// Comments: the write of a new comment and the read of a thread page.
import type { CommentStatus, PublicComment, SortOrder } from "../../../shared/types.ts";

export interface CommentRow {
  id: string;
  thread_id: string;
  site_id: string;
  parent_id: string | null;
  root_id: string;
  path: string;
  depth: number;
  status: CommentStatus;
  pinned: number;
  likes: number;
  reply_count: number;
  author_name: string;
  author_website: string | null;
  avatar_seed: string;
  is_moderator: number;
  html: string;
  created_at: string;
  edited_at: string | null;
}

/** The public face of a row (api.md "Comment object"): no email, no hashes, no source text. */
export function toPublicComment(row: CommentRow): PublicComment {
  const removed = row.status === "deleted";
  return {
    id: row.id,
    parentId: row.parent_id,
    author: removed
      ? null
      : {
          name: row.author_name,
          website: row.author_website,
          avatar: row.avatar_seed,
          isModerator: row.is_moderator === 1,
        },
    html: removed ? "" : row.html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    likes: row.likes,
    status: row.status,
    replyCount: row.reply_count,
  };
}

const PUBLIC_COLUMNS = `c.id, c.thread_id, c.site_id, c.parent_id, c.root_id, c.path, c.depth, c.status, c.pinned,
  c.likes, c.reply_count, c.author_name, c.author_website, c.avatar_seed, c.is_moderator, c.html, c.created_at,
  c.edited_at`;

export interface ParentRow {
  id: string;
  thread_id: string;
  root_id: string;
  path: string;
  depth: number;
  status: CommentStatus;
}

export function selectParent(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare("SELECT id, thread_id, root_id, path, depth, status FROM comments WHERE id = ?1")
    .bind(id);
}

/** Whether this author already has an approved comment on the site (moderation mode `first`). */
export function selectApprovedBefore(
  db: D1Database,
  siteId: string,
  email: string | null,
  network: string | null,
) {
  return db
    .prepare(
      `SELECT 1 AS ok FROM comments
       WHERE site_id = ?1 AND status = 'approved'
         AND ((?2 IS NOT NULL AND author_email = ?2) OR (?2 IS NULL AND ?3 IS NOT NULL AND network_hash = ?3))
       LIMIT 1`,
    )
    .bind(siteId, email, network);
}

export interface NewComment {
  id: string;
  siteId: string;
  pageKey: string;
  parent: ParentRow | null;
  status: CommentStatus;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  avatarSeed: string;
  notifyReplies: boolean;
  text: string;
  html: string;
  rendererVersion: number;
  editTokenHash: string | null;
  networkHash: string | null;
  moderationReasons: string[];
  sourceId: string | null;
  createdAt: string;
}

/** Inserts a comment into the thread of (site, page key); the thread must exist or be created in the same batch. */
export function insertComment(db: D1Database, c: NewComment): D1PreparedStatement {
  const path = c.parent ? `${c.parent.path}/${c.id}` : c.id;
  return db
    .prepare(
      `INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, author_name,
         author_email, author_website, avatar_seed, notify_replies, text, html, renderer_version, edit_token_hash,
         network_hash, moderation_reasons, source_id, created_at, updated_at)
       SELECT ?1, t.id, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21
       FROM threads t WHERE t.site_id = ?2 AND t.page_key = ?3`,
    )
    .bind(
      c.id,
      c.siteId,
      c.pageKey,
      c.parent?.id ?? null,
      c.parent?.root_id ?? c.id,
      path,
      c.parent ? c.parent.depth + 1 : 0,
      c.status,
      c.authorName,
      c.authorEmail,
      c.authorWebsite,
      c.avatarSeed,
      c.notifyReplies ? 1 : 0,
      c.text,
      c.html,
      c.rendererVersion,
      c.editTokenHash,
      c.networkHash,
      JSON.stringify(c.moderationReasons),
      c.sourceId,
      c.createdAt,
    );
}

export function addToReplyCount(db: D1Database, parentId: string, delta: number): D1PreparedStatement {
  return db.prepare("UPDATE comments SET reply_count = reply_count + ?2 WHERE id = ?1").bind(parentId, delta);
}

/** Roots in each sort order (pinned roots first), and the keyset condition that resumes after a cursor. */
const ROOT_ORDER: Record<SortOrder, { order: string; after: string }> = {
  oldest: {
    order: "pinned DESC, id ASC",
    after: "(pinned < ?4 OR (pinned = ?4 AND id > ?6))",
  },
  newest: {
    order: "pinned DESC, id DESC",
    after: "(pinned < ?4 OR (pinned = ?4 AND id < ?6))",
  },
  top: {
    order: "pinned DESC, likes DESC, id DESC",
    after: "(pinned < ?4 OR (pinned = ?4 AND (likes < ?5 OR (likes = ?5 AND id < ?6))))",
  },
};

// Built once from the constant fragments above; every value is a bound parameter.
const THREAD_PAGE_SQL = Object.fromEntries(
  Object.entries(ROOT_ORDER).map(([sort, { order, after }]) => [
    sort,
    `WITH roots AS (
       SELECT id, ROW_NUMBER() OVER (ORDER BY ${order}) AS root_ord FROM (
         SELECT id, pinned, likes FROM comments
         WHERE thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2)
           AND parent_id IS NULL AND status IN ('approved', 'deleted')
           AND (?6 IS NULL OR ${after})
         ORDER BY ${order} LIMIT ?3)
     )
     SELECT * FROM (
       SELECT ${PUBLIC_COLUMNS}, r.root_ord, ROW_NUMBER() OVER (PARTITION BY c.root_id ORDER BY c.path) AS pos
       FROM roots r JOIN comments c ON c.root_id = r.id
       WHERE c.status IN ('approved', 'deleted')
     ) WHERE pos <= ?7
     ORDER BY root_ord, pos`,
  ]),
) as Record<SortOrder, string>;

export interface PageCursor {
  pinned: number;
  likes: number;
  id: string;
}

export type ThreadPageRow = CommentRow & { root_ord: number; pos: number };

/**
 * One page of a thread: up to `roots` roots (one more is fetched to tell whether a next page
 * exists), each followed depth-first by at most `repliesPerRoot` of its replies.
 */
export function selectThreadPage(
  db: D1Database,
  q: {
    siteId: string;
    key: string;
    sort: SortOrder;
    roots: number;
    repliesPerRoot: number;
    after: PageCursor | null;
  },
): D1PreparedStatement {
  return db
    .prepare(THREAD_PAGE_SQL[q.sort])
    .bind(
      q.siteId,
      q.key,
      q.roots + 1,
      q.after?.pinned ?? null,
      q.after?.likes ?? null,
      q.after?.id ?? null,
      q.repliesPerRoot + 1,
    );
}

/** The comment imported from another system under `sourceId`, if any (imports stay idempotent). */
export function selectCommentBySource(db: D1Database, siteId: string, sourceId: string): D1PreparedStatement {
  return db.prepare("SELECT id FROM comments WHERE site_id = ?1 AND source_id = ?2").bind(siteId, sourceId);
}
