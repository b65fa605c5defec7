// An author's own edit and delete. Each statement re-checks the comment's state inside the batch,
// so a concurrent delete of the same comment makes the other write a no-op instead of a corruption.
import type { Db } from "./database.ts";

const EDITABLE = "('approved', 'pending')";

export function updateText(
  db: Db,
  q: { id: string; text: string; html: string; rendererVersion: number; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE comments SET text = ?2, html = ?3, renderer_version = ?4, edited_at = ?5, updated_at = ?5
       WHERE id = ?1 AND status IN ${EDITABLE}`,
    )
    .bind(q.id, q.text, q.html, q.rendererVersion, q.now);
}

/**
 * The statements of an author's delete, in order: counters first (only while the comment is
 * still approved), then a placeholder when it has replies or removal (with its likes) when not.
 */
export function deleteByAuthor(db: Db, q: { id: string; now: string }): D1PreparedStatement[] {
  const approved = "EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'approved')";
  const hasChildren = "EXISTS (SELECT 1 FROM comments k WHERE k.parent_id = ?1)";
  return [
    db
      .prepare(
        `UPDATE threads SET comment_count = comment_count - 1, updated_at = ?2
         WHERE id = (SELECT thread_id FROM comments WHERE id = ?1) AND ${approved}`,
      )
      .bind(q.id, q.now),
    db
      .prepare(
        `UPDATE comments SET reply_count = reply_count - 1
         WHERE id = (SELECT parent_id FROM comments WHERE id = ?1) AND ${approved}`,
      )
      .bind(q.id),
    db
      .prepare(
        `UPDATE comments SET status = 'deleted', text = '', html = '', author_name = '', author_email = NULL,
           author_website = NULL, edit_token_hash = NULL, updated_at = ?2
         WHERE id = ?1 AND status IN ${EDITABLE} AND ${hasChildren}`,
      )
      .bind(q.id, q.now),
    db.prepare(`DELETE FROM likes WHERE comment_id = ?1 AND NOT ${hasChildren}`).bind(q.id),
    db
      .prepare(`DELETE FROM comments WHERE id = ?1 AND status IN ${EDITABLE} AND NOT ${hasChildren}`)
      .bind(q.id),
  ];
}
