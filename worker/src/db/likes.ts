// Likes: the like row and the comment's counter change in one batch. The counter is recounted
// from the likes of that one comment (a primary-key range), so a retried or concurrent call can
// never make it drift.
import type { Db } from "./database.ts";

const RECOUNT_SQL = `UPDATE comments SET likes = (SELECT COUNT(*) FROM likes WHERE comment_id = ?1)
  WHERE id = ?1 AND status = 'approved'`;

export const LIKE_SQL = `INSERT INTO likes (comment_id, reader_hash, created_at)
  SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'approved')
  ON CONFLICT (comment_id, reader_hash) DO NOTHING`;

export const UNLIKE_SQL = `DELETE FROM likes WHERE comment_id = ?1 AND reader_hash = ?2
  AND EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'approved')`;

export const LIKE_STATE_SQL = `SELECT c.likes, c.status,
    EXISTS (SELECT 1 FROM likes l WHERE l.comment_id = c.id AND l.reader_hash = ?2) AS liked
  FROM comments c WHERE c.id = ?1`;

export interface LikeState {
  likes: number;
  status: string;
  liked: number;
}

/** Likes or unlikes, then reads back the count and whether this reader likes it: one round trip. */
export async function setLike(
  db: Db,
  q: { commentId: string; readerHash: string; liked: boolean; now: string },
): Promise<LikeState | null> {
  const change = q.liked
    ? db.prepare(LIKE_SQL).bind(q.commentId, q.readerHash, q.now)
    : db.prepare(UNLIKE_SQL).bind(q.commentId, q.readerHash);
  const results = await db.batch([
    change,
    db.prepare(RECOUNT_SQL).bind(q.commentId),
    db.prepare(LIKE_STATE_SQL).bind(q.commentId, q.readerHash),
  ]);
  return (results[2]?.results?.[0] as LikeState | undefined) ?? null;
}

export function deleteLikesOf(db: Db, commentId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM likes WHERE comment_id = ?1").bind(commentId);
}
