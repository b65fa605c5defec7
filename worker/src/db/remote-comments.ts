// Comments from the open web (migration 0013): found by their remote id in their thread, their
// copy brought up to date when the source changes, and their origin forgotten when it is gone.
import type { CommentStatus } from "../../../shared/types.ts";
import { first, none, type Step } from "./batch.ts";
import type { ParentRow } from "./comments.ts";
import type { Db } from "./database.ts";

export interface RemoteRow {
  id: string;
  status: CommentStatus;
  moderated_at: string | null;
}

/** The comment of this remote post in the thread of (site, page key), if any. */
export function remoteComment(
  db: Db,
  siteId: string,
  pageKey: string,
  remoteId: string,
): Step<RemoteRow | null> {
  return first<RemoteRow>(
    db
      .prepare(
        `SELECT c.id, c.status, c.moderated_at FROM comments c
         WHERE c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2) AND c.remote_id = ?3`,
      )
      .bind(siteId, pageKey, remoteId),
  );
}

/** The comment of the remote post a reply answers (Mastodon, Bluesky), as a parent; none asked, none. */
export function remoteParent(
  db: Db,
  siteId: string,
  pageKey: string,
  remoteId: string | null,
): Step<ParentRow | null> {
  if (remoteId === null) return none(null);
  return first<ParentRow>(
    db
      .prepare(
        `SELECT c.id, c.thread_id, c.root_id, c.path, c.depth, c.status FROM comments c
         WHERE c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2) AND c.remote_id = ?3`,
      )
      .bind(siteId, pageKey, remoteId),
  );
}

/** A comment of the page's thread by its id, as a parent (a Webmention answering its permalink). */
export function localParent(db: Db, siteId: string, pageKey: string, id: string): Step<ParentRow | null> {
  return first<ParentRow>(
    db
      .prepare(
        `SELECT c.id, c.thread_id, c.root_id, c.path, c.depth, c.status FROM comments c
         WHERE c.id = ?3 AND c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2)`,
      )
      .bind(siteId, pageKey, id),
  );
}

/** The source's current copy: text, author and URL (a comment that is shown or held only); a
 * resend of the same post changes nothing, so the comment is not marked edited. */
export function updateRemote(
  db: Db,
  q: {
    id: string;
    authorName: string;
    authorWebsite: string | null;
    url: string;
    handle: string | null;
    text: string;
    html: string;
    rendererVersion: number;
    now: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE comments SET author_name = ?2, author_website = ?3, source_url = ?4, source_handle = ?5, text = ?6,
         html = ?7, renderer_version = ?8, edited_at = ?9, updated_at = ?9
       WHERE id = ?1 AND status IN ('approved', 'pending')
         AND (author_name IS NOT ?2 OR author_website IS NOT ?3 OR source_url IS NOT ?4
           OR source_handle IS NOT ?5 OR text IS NOT ?6)`,
    )
    .bind(q.id, q.authorName, q.authorWebsite, q.url, q.handle, q.text, q.html, q.rendererVersion, q.now);
}

/** After its removal: the comment no longer stands for the remote post (a resend starts anew). */
export function forgetRemote(db: Db, id: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE comments SET source_kind = NULL, source_url = NULL, source_handle = NULL, remote_id = NULL
       WHERE id = ?1`,
    )
    .bind(id);
}
