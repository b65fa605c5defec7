// The newest approved comments of a site or of one page, for the Atom feed.
import { all, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export const SITE_FEED_SQL = `SELECT c.id, c.author_name, c.html, c.created_at, c.edited_at, t.url, t.title
  FROM comments c JOIN threads t ON t.id = c.thread_id
  WHERE c.site_id = ?1 AND c.status = 'approved'
  ORDER BY c.id DESC LIMIT ?2`;

export const PAGE_FEED_SQL = `SELECT c.id, c.author_name, c.html, c.created_at, c.edited_at, t.url, t.title
  FROM comments c JOIN threads t ON t.id = c.thread_id
  WHERE c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2) AND c.status = 'approved'
  ORDER BY c.id DESC LIMIT ?3`;

export interface FeedRow {
  id: string;
  author_name: string;
  html: string;
  created_at: string;
  edited_at: string | null;
  url: string | null;
  title: string | null;
}

/** The newest approved comments of the site (`key` null) or of one page, newest first. */
export function feedRows(db: Db, q: { siteId: string; key: string | null; limit: number }): Step<FeedRow[]> {
  return all<FeedRow>(
    q.key === null
      ? db.prepare(SITE_FEED_SQL).bind(q.siteId, q.limit)
      : db.prepare(PAGE_FEED_SQL).bind(q.siteId, q.key, q.limit),
  );
}
