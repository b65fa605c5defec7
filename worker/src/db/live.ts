// What the live channel sends after a write (worker/src/live/publish.ts): the changed comments'
// public columns as they are now, and the comment count of their threads, in one round trip.
import { all, type Step } from "./batch.ts";
import { type CommentRow, PUBLIC_COLUMNS } from "./comments.ts";
import type { Db } from "./database.ts";

export interface ThreadCountRow {
  site_id: string;
  page_key: string;
  comment_count: number;
}

export type LiveRow = CommentRow & { page_key: string };

/** These comments' public rows with their thread's page key (an erased comment without replies
 * has none). */
export const publicRows = (db: Db, ids: string[]): Step<LiveRow[]> =>
  all<LiveRow>(
    db
      .prepare(
        `SELECT ${PUBLIC_COLUMNS}, t.page_key FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(ids)),
  );

/** The comment counts of the threads of these comments, and of these threads `[siteId, pageKey]`
 * (those of comments whose rows are gone). */
export const threadCounts = (db: Db, ids: string[], threads: [string, string][]): Step<ThreadCountRow[]> =>
  all<ThreadCountRow>(
    db
      .prepare(
        `SELECT site_id, page_key, comment_count FROM threads
         WHERE id IN (SELECT thread_id FROM comments WHERE id IN (SELECT value FROM json_each(?1)))
           OR (site_id, page_key) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?2))`,
      )
      .bind(JSON.stringify(ids), JSON.stringify(threads)),
  );
