// Threads: one per site and page key.

import type { MentionCounts, PublicThread, ReactionCounts } from "../../../shared/types.ts";
import { all, first, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export interface Thread {
  id: string;
  siteId: string;
  key: string;
  url: string | null;
  title: string | null;
  locked: boolean;
  commentCount: number;
  reactions: ReactionCounts;
  /** Webmention likes and reposts of the page (migration 0013). */
  mentions: MentionCounts;
  /** When its Mastodon and Bluesky links were last pulled ('' not yet); null without links (0015). */
  socialPulledAt: string | null;
  createdAt: string;
  /** Changed by the database on every write that changes a read of the thread (migration 0007). */
  version: number;
}

export interface ThreadRow {
  id: string;
  site_id: string;
  page_key: string;
  url: string | null;
  title: string | null;
  locked: number;
  comment_count: number;
  /** JSON: the page's reaction counts (migration 0011). */
  reactions: string;
  mention_likes: number;
  mention_reposts: number;
  social_pulled_at?: string | null;
  created_at: string;
  version: number;
}

export function toThread(row: ThreadRow): Thread {
  return {
    id: row.id,
    siteId: row.site_id,
    key: row.page_key,
    url: row.url,
    title: row.title,
    locked: row.locked === 1,
    commentCount: row.comment_count,
    reactions: JSON.parse(row.reactions) as ReactionCounts,
    mentions: { likes: row.mention_likes ?? 0, reposts: row.mention_reposts ?? 0 },
    socialPulledAt: row.social_pulled_at ?? null,
    createdAt: row.created_at,
    version: row.version,
  };
}

export function toPublicThread(thread: Thread): PublicThread {
  const { id, key, url, title, locked, commentCount, reactions, mentions } = thread;
  // Only a page that was liked or reposted from the open web has `mentions` (docs/api.md).
  const counted = mentions.likes > 0 || mentions.reposts > 0;
  return { id, key, url, title, locked, commentCount, reactions, ...(counted ? { mentions } : {}) };
}

export const THREAD_BY_KEY_SQL = `SELECT id, site_id, page_key, url, title, locked, comment_count, reactions,
    mention_likes, mention_reposts, social_pulled_at, created_at, version
  FROM threads WHERE site_id = ?1 AND page_key = ?2`;

function selectThreadByKey(db: Db, siteId: string, key: string): D1PreparedStatement {
  return db.prepare(THREAD_BY_KEY_SQL).bind(siteId, key);
}

/** Creates the thread of a page on its first comment; a concurrent first comment is harmless. */
export function insertThreadIfMissing(
  db: Db,
  t: { id: string; siteId: string; key: string; url: string | null; title: string | null; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO threads (id, site_id, page_key, url, title, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
       ON CONFLICT (site_id, page_key) DO NOTHING`,
    )
    .bind(t.id, t.siteId, t.key, t.url, t.title, t.now);
}

/** The thread's approved-comment count as it is at this point of a batch (0 without a thread). */
export const commentCountOf = (db: Db, siteId: string, key: string): Step<number> =>
  map(
    first<{ comment_count: number }>(
      db.prepare("SELECT comment_count FROM threads WHERE site_id = ?1 AND page_key = ?2").bind(siteId, key),
    ),
    (row) => row?.comment_count ?? 0,
  );

/** Adds `delta` to the approved-comment counter, in the same batch as the comment it counts. */
export function addToCommentCount(db: Db, siteId: string, key: string, delta: number, now: string) {
  return db
    .prepare(
      `UPDATE threads SET comment_count = comment_count + ?3, updated_at = ?4
       WHERE site_id = ?1 AND page_key = ?2`,
    )
    .bind(siteId, key, delta, now);
}

export async function setThreadLocked(db: Db, threadId: string, locked: boolean, now: string): Promise<void> {
  await db
    .prepare("UPDATE threads SET locked = ?2, updated_at = ?3 WHERE id = ?1")
    .bind(threadId, locked ? 1 : 0, now)
    .run();
}

// The page keys arrive as one JSON array parameter, so any number of pages (≤ 50) is one
// statement with a fixed text and far fewer than D1's 100 bound parameters.
export const COUNTS_SQL = `SELECT page_key, comment_count FROM threads
  WHERE site_id = ?1 AND page_key IN (SELECT value FROM json_each(?2))`;

/** The comment counts of these pages, by page key (a page without a thread is left out). */
export const countsByKey = (db: Db, siteId: string, keys: string[]): Step<Map<string, number>> =>
  map(
    all<{ page_key: string; comment_count: number }>(
      db.prepare(COUNTS_SQL).bind(siteId, JSON.stringify(keys)),
    ),
    (rows) => new Map(rows.map((r) => [r.page_key, r.comment_count])),
  );

/** The thread of a page, if it has one. */
export const threadByKey = (db: Db, siteId: string, key: string): Step<Thread | null> =>
  map(first<ThreadRow>(selectThreadByKey(db, siteId, key)), (row) => (row ? toThread(row) : null));
