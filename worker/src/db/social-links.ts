// Mastodon and Bluesky posts linked to threads (migration 0015): the links a moderator sets, the
// bookkeeping of their pulls, and the comments each link brought in (found by their remote id,
// `<link id> <id at the source>`).
import type { AdminSocialLink } from "../../../shared/admin-types.ts";
import type { SocialKind } from "../../../shared/social.ts";
import type { CommentStatus } from "../../../shared/types.ts";
import { all, first, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export interface SocialLinkRow {
  id: string;
  thread_id: string;
  site_id: string;
  kind: SocialKind;
  url: string;
  remote_root: string | null;
  pulled_at: string | null;
  error: string | null;
  created_at: string;
}

export const toAdminLink = (r: SocialLinkRow): AdminSocialLink => ({
  kind: r.kind,
  url: r.url,
  remoteRoot: r.remote_root,
  pulledAt: r.pulled_at,
  error: r.error,
  createdAt: r.created_at,
});

/** The links of these threads, in the order they were linked. */
export const linksOfThreads = (db: Db, threadIds: string[]): Step<SocialLinkRow[]> =>
  all<SocialLinkRow>(
    db
      .prepare(
        `SELECT * FROM social_links WHERE thread_id IN (SELECT value FROM json_each(?1))
         ORDER BY created_at, rowid`,
      )
      .bind(JSON.stringify(threadIds)),
  );

/**
 * The statements that make `links` the thread's whole set: the others are removed, a new one is
 * added (a kept one keeps its pull state), and the thread is due for a pull at once, or has no
 * pull time when nothing is linked.
 */
export function setLinks(
  db: Db,
  q: {
    threadId: string;
    siteId: string;
    links: { id: string; kind: SocialKind; url: string }[];
    now: string;
  },
): D1PreparedStatement[] {
  const urls = JSON.stringify(q.links.map((l) => l.url));
  return [
    db
      .prepare(
        "DELETE FROM social_links WHERE thread_id = ?1 AND url NOT IN (SELECT value FROM json_each(?2))",
      )
      .bind(q.threadId, urls),
    ...q.links.map((l) =>
      db
        .prepare(
          `INSERT INTO social_links (id, thread_id, site_id, kind, url, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
           ON CONFLICT (thread_id, url) DO NOTHING`,
        )
        .bind(l.id, q.threadId, q.siteId, l.kind, l.url, q.now),
    ),
    db
      .prepare("UPDATE threads SET social_pulled_at = CASE WHEN ?2 = 0 THEN NULL ELSE '' END WHERE id = ?1")
      .bind(q.threadId, q.links.length),
  ];
}

export interface PullClaim {
  id: string;
  site_id: string;
  page_key: string;
  url: string | null;
}

/**
 * Takes the thread's pull if it was last pulled before `before` (one pull at a time across
 * isolates: the claim itself moves the time); null when it is not due or has no links.
 */
export const claimPull = (
  db: Db,
  q: { threadId: string; now: string; before: string },
): Step<PullClaim | null> =>
  first<PullClaim>(
    db
      .prepare(
        `UPDATE threads SET social_pulled_at = ?2
         WHERE id = ?1 AND social_pulled_at IS NOT NULL AND social_pulled_at < ?3
         RETURNING id, site_id, page_key, url`,
      )
      .bind(q.threadId, q.now, q.before),
  );

/** Threads with links last pulled before `before`, longest waiting first (the daily cron). */
export const dueThreads = (db: Db, before: string, limit: number): Step<string[]> =>
  map(
    all<{ id: string }>(
      db
        .prepare(
          `SELECT id FROM threads WHERE social_pulled_at IS NOT NULL AND social_pulled_at < ?1
           ORDER BY social_pulled_at LIMIT ?2`,
        )
        .bind(before, limit),
    ),
    (rows) => rows.map((r) => r.id),
  );

/** A pull's outcome: when, the post's resolved id, and the error (null when it worked). */
export function settleLink(
  db: Db,
  q: { id: string; remoteRoot: string | null; error: string | null; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE social_links SET remote_root = COALESCE(?2, remote_root), error = ?3, pulled_at = ?4 WHERE id = ?1",
    )
    .bind(q.id, q.remoteRoot, q.error, q.now);
}

export interface LinkedComment {
  id: string;
  remote_id: string;
  status: CommentStatus;
  text: string;
  author_name: string;
}

/** The comments a link brought into its thread (their remote ids start with the link's id). */
export const commentsOfLink = (db: Db, threadId: string, linkId: string): Step<LinkedComment[]> =>
  all<LinkedComment>(
    db
      .prepare(
        `SELECT id, remote_id, status, text, author_name FROM comments
         WHERE thread_id = ?1 AND remote_id >= ?2 AND remote_id < ?3`,
      )
      // ' ' separates the link's id from the source's; '!' is the next character.
      .bind(threadId, `${linkId} `, `${linkId}!`),
  );

/**
 * A merge's part for linked posts, to run before the comments move (db/admin-threads.ts): a post
 * linked to both threads keeps `into`'s link, and the replies it brought into `from` take that
 * link's id (so the merge sees them as copies, and no later pull adds them twice); every other
 * link of `from` moves to `into` with its replies' ids as they are.
 */
export function mergeLinks(db: Db, q: { from: string; into: string }): D1PreparedStatement[] {
  // The `into` link of the post that the comment's own link (its remote id's first part) names.
  const twin = `SELECT i.id FROM social_links i JOIN social_links f ON f.url = i.url
    WHERE f.thread_id = ?1 AND i.thread_id = ?2 AND f.id = substr(remote_id, 1, instr(remote_id, ' ') - 1)`;
  return [
    db
      .prepare(
        `UPDATE comments SET remote_id = (${twin}) || substr(remote_id, instr(remote_id, ' '))
         WHERE thread_id = ?1 AND source_kind IN ('mastodon', 'bluesky') AND remote_id IS NOT NULL
           AND EXISTS (${twin})`,
      )
      .bind(q.from, q.into),
    db
      .prepare(
        "DELETE FROM social_links WHERE thread_id = ?1 AND url IN (SELECT url FROM social_links WHERE thread_id = ?2)",
      )
      .bind(q.from, q.into),
    db.prepare("UPDATE social_links SET thread_id = ?2 WHERE thread_id = ?1").bind(q.from, q.into),
    dueIfLinked(db, [q.into]),
  ];
}

/** Threads that had no links had no pull time: those with links now are due (a merge, an import). */
export function dueIfLinked(db: Db, threadIds: string[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE threads SET social_pulled_at = '' WHERE social_pulled_at IS NULL
         AND id IN (SELECT value FROM json_each(?1))
         AND EXISTS (SELECT 1 FROM social_links l WHERE l.thread_id = threads.id)`,
    )
    .bind(JSON.stringify(threadIds));
}
