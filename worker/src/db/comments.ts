// Comments: the write of a new comment and the read of a thread page.

import type {
  CommentSource,
  CommentStatus,
  PublicComment,
  ReactionCounts,
  SourceKind,
  VerifiedBy,
} from "../../../shared/types.ts";
import { first, map, none, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

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
  /** JSON: the reaction counts (migration 0011). */
  reactions: string;
  reply_count: number;
  author_name: string;
  author_website: string | null;
  avatar_seed: string;
  is_moderator: number;
  author_verified: VerifiedBy | null;
  html: string;
  created_at: string;
  edited_at: string | null;
  /** Where a comment from the open web came from (migration 0013); null for a native one. */
  source_kind?: SourceKind | null;
  source_url?: string | null;
  source_handle?: string | null;
}

/** A remote comment's `source`: its author's name and page are the comment's own columns. */
function sourceOf(row: CommentRow): CommentSource | undefined {
  if (!row.source_kind || !row.source_url) return undefined;
  return {
    kind: row.source_kind,
    url: row.source_url,
    author: { name: row.author_name, handle: row.source_handle ?? null, url: row.author_website },
  };
}

/** `source` only on a comment from elsewhere: a native comment's object has no such key. */
const sourceField = (source: CommentSource | undefined) => (source ? { source } : {});

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
          verified: row.author_verified,
        },
    html: removed ? "" : row.html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    likes: row.likes,
    reactions: removed ? {} : (JSON.parse(row.reactions) as ReactionCounts),
    status: row.status,
    replyCount: row.reply_count,
    ...sourceField(removed ? undefined : sourceOf(row)),
  };
}

export const PUBLIC_COLUMNS = `c.id, c.thread_id, c.site_id, c.parent_id, c.root_id, c.path, c.depth, c.status, c.pinned,
  c.likes, c.reactions, c.reply_count, c.author_name, c.author_website, c.avatar_seed, c.is_moderator, c.author_verified, c.html,
  c.created_at, c.edited_at, c.source_kind, c.source_url, c.source_handle`;

export interface ParentRow {
  id: string;
  thread_id: string;
  root_id: string;
  path: string;
  depth: number;
  status: CommentStatus;
}

export function selectParent(db: Db, id: string): D1PreparedStatement {
  return db
    .prepare("SELECT id, thread_id, root_id, path, depth, status FROM comments WHERE id = ?1")
    .bind(id);
}

/** The comment a reply answers, if it exists. */
export const parentOf = (db: Db, id: string): Step<ParentRow | null> =>
  first<ParentRow>(selectParent(db, id));

export const APPROVED_BY_IDENTITY_SQL = `SELECT 1 AS ok FROM comments
  WHERE identity_id = ?1 AND status = 'approved' LIMIT 1`;

/**
 * Whether this signed-in reader already has an approved comment (moderation `first`). Only an
 * identity counts: a typed address or a network proves nothing, so an anonymous post is never
 * "approved before".
 */
export function approvedBefore(db: Db, identityId: string | null): Step<boolean> {
  if (identityId === null) return none(false);
  return map(
    first<{ ok: number }>(db.prepare(APPROVED_BY_IDENTITY_SQL).bind(identityId)),
    (row) => row !== null,
  );
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
  /** The signed-in author's identity, how it was verified, and whether the site marked it staff. */
  identityId: string | null;
  authorVerified: VerifiedBy | null;
  isModerator: boolean;
  notifyReplies: boolean;
  text: string;
  html: string;
  rendererVersion: number;
  editTokenHash: string | null;
  networkHash: string | null;
  moderationReasons: string[];
  sourceId: string | null;
  /** A comment from the open web: where it came from and its id there (migration 0013). */
  remote?: RemoteOrigin;
  /** When it was written: now, or for a post from the open web the time its source gives. */
  createdAt: string;
  /** When it was stored here (the row's `updated_at`), when that differs from `createdAt`. */
  arrivedAt?: string;
}

export interface RemoteOrigin {
  kind: SourceKind;
  url: string;
  handle: string | null;
  /** Unique in its thread: the same remote post updates its comment. */
  id: string;
}

/**
 * Inserts a comment into the thread of (site, page key); the thread must exist or be created in
 * the same batch. A reply is inserted only while its parent is still approved, so a delete that
 * wins a race makes this a no-op (changes = 0) rather than a broken reference.
 */
export function insertComment(db: Db, c: NewComment): D1PreparedStatement {
  const path = c.parent ? `${c.parent.path}/${c.id}` : c.id;
  return db
    .prepare(
      `INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, author_name,
         author_email, author_website, avatar_seed, notify_replies, text, html, renderer_version, edit_token_hash,
         network_hash, moderation_reasons, source_id, created_at, updated_at, identity_id, author_verified,
         is_moderator, source_kind, source_url, source_handle, remote_id)
       SELECT ?1, t.id, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?29,
         ?22, ?23, ?24, ?25, ?26, ?27, ?28
       FROM threads t WHERE t.site_id = ?2 AND t.page_key = ?3
         AND (?4 IS NULL OR EXISTS (SELECT 1 FROM comments p WHERE p.id = ?4 AND p.status = 'approved'))
       RETURNING id`,
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
      c.identityId,
      c.authorVerified,
      c.isModerator ? 1 : 0,
      c.remote?.kind ?? null,
      c.remote?.url ?? null,
      c.remote?.handle ?? null,
      c.remote?.id ?? null,
      c.arrivedAt ?? c.createdAt,
    );
}

/** The counters a new approved comment adds to, applied only if the comment row was written. */
export function countNewComment(
  db: Db,
  q: { id: string; siteId: string; pageKey: string; parentId: string | null; now: string },
): D1PreparedStatement[] {
  const written = "EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'approved')";
  const thread = db
    .prepare(
      `UPDATE threads SET comment_count = comment_count + 1, updated_at = ?4
       WHERE site_id = ?2 AND page_key = ?3 AND ${written}`,
    )
    .bind(q.id, q.siteId, q.pageKey, q.now);
  if (!q.parentId) return [thread];
  const parent = db
    .prepare(`UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?2 AND ${written}`)
    .bind(q.id, q.parentId);
  return [thread, parent];
}

/** The insert of a new comment and whether it happened (a reply whose parent went away: no). */
export function insertedComment(db: Db, c: NewComment): Step<boolean> {
  return map(first<{ id: string }>(insertComment(db, c)), (row) => row !== null);
}

export function addToReplyCount(db: Db, parentId: string, delta: number): D1PreparedStatement {
  return db.prepare("UPDATE comments SET reply_count = reply_count + ?2 WHERE id = ?1").bind(parentId, delta);
}

/** The comment imported from another system under `sourceId`, if any (imports stay idempotent). */
export function selectCommentBySource(db: Db, siteId: string, sourceId: string): D1PreparedStatement {
  return db.prepare("SELECT id FROM comments WHERE site_id = ?1 AND source_id = ?2").bind(siteId, sourceId);
}

/** A comment's public columns, or null. */
export const publicComment = (db: Db, id: string): Step<CommentRow | null> =>
  first<CommentRow>(db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM comments c WHERE c.id = ?1`).bind(id));
