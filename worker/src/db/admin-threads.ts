// Moderators' reads and writes of threads: list, lock, retitle, move to a new URL, merge.

import type { AdminThread } from "../../../shared/admin-types.ts";
import { first, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";
import { mergeLinks } from "./social-links.ts";
import type { ThreadRow } from "./threads.ts";

/** A thread without its linked posts, which services/admin/threads.ts adds (db/social-links.ts). */
export type ThreadOnly = Omit<AdminThread, "social">;

const toAdminThread = (r: ThreadRow): ThreadOnly => ({
  id: r.id,
  site: r.site_id,
  key: r.page_key,
  url: r.url,
  title: r.title,
  locked: r.locked === 1,
  commentCount: r.comment_count,
  createdAt: r.created_at,
});

export async function listAdminThreads(
  db: Db,
  q: { sites: string[] | null; cursor: string | null; limit: number },
): Promise<ThreadOnly[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM threads WHERE (?1 IS NULL OR site_id IN (SELECT value FROM json_each(?1)))
         AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3`,
    )
    .bind(q.sites ? JSON.stringify(q.sites) : null, q.cursor, q.limit)
    .all<ThreadRow>();
  return results.map(toAdminThread);
}

/** A thread as moderators see it, or null. */
export const adminThread = (db: Db, id: string): Step<ThreadOnly | null> =>
  map(first<ThreadRow>(db.prepare("SELECT * FROM threads WHERE id = ?1").bind(id)), (row) =>
    row ? toAdminThread(row) : null,
  );

export function updateThread(
  db: Db,
  q: {
    id: string;
    locked: boolean | null;
    title: string | null | undefined;
    url: string | null;
    key: string | null;
    now: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE threads SET
         locked = COALESCE(?2, locked),
         title = CASE WHEN ?3 = 1 THEN ?4 ELSE title END,
         url = COALESCE(?5, url),
         page_key = COALESCE(?6, page_key),
         updated_at = ?7
       WHERE id = ?1`,
    )
    .bind(
      q.id,
      q.locked === null ? null : q.locked ? 1 : 0,
      q.title === undefined ? 0 : 1,
      q.title ?? null,
      q.url,
      q.key,
      q.now,
    );
}

/**
 * Moves every comment of `from` into `into` with its counter and its linked posts, then removes
 * the empty thread; its
 * value is how many comments moved. The first statement counts them: the move's own
 * `meta.changes` would also count the rows the version triggers touched.
 */
export function mergeThreads(db: Db, q: { from: string; into: string; now: string }): Step<number> {
  const moved = first<{ moved: number }>(
    db.prepare("SELECT COUNT(*) AS moved FROM comments WHERE thread_id = ?1").bind(q.from),
  );
  const statements = [
    db
      .prepare(
        `UPDATE threads SET comment_count = comment_count + (SELECT comment_count FROM threads WHERE id = ?1),
           updated_at = ?3
         WHERE id = ?2`,
      )
      .bind(q.from, q.into, q.now),
    ...mergeLinks(db, q),
    // A remote post with a copy in both threads (one source mentioned both pages, or one post
    // linked to both): the copy already in `into` stands for it from now on, as a remote id is
    // unique in a thread.
    db
      .prepare(
        `UPDATE comments SET remote_id = NULL WHERE thread_id = ?1 AND remote_id IN
           (SELECT remote_id FROM comments WHERE thread_id = ?2 AND remote_id IS NOT NULL)`,
      )
      .bind(q.from, q.into),
    db
      .prepare("UPDATE comments SET thread_id = ?2, updated_at = ?3 WHERE thread_id = ?1")
      .bind(q.from, q.into, q.now),
    db.prepare("DELETE FROM threads WHERE id = ?1").bind(q.from),
  ];
  return {
    statements: [...moved.statements, ...statements],
    read: (results) => moved.read(results)?.moved ?? 0,
  };
}
