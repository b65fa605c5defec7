// The newest approved comments of a site, in their public shape, with the page each is on.
import { all, type Step } from "./batch.ts";
import { type CommentRow, PUBLIC_COLUMNS } from "./comments.ts";
import type { Db } from "./database.ts";

export const LATEST_SQL = `SELECT ${PUBLIC_COLUMNS}, t.url AS page_url, t.title AS page_title
  FROM comments c JOIN threads t ON t.id = c.thread_id
  WHERE c.site_id = ?1 AND c.status = 'approved'
  ORDER BY c.id DESC LIMIT ?2`;

export type LatestRow = CommentRow & { page_url: string | null; page_title: string | null };

/** The site's `limit` newest approved comments, newest first (ids sort by creation). */
export const latestComments = (db: Db, siteId: string, limit: number): Step<LatestRow[]> =>
  all<LatestRow>(db.prepare(LATEST_SQL).bind(siteId, limit));
