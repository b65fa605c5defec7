// Reply counters after an import batch. Only the parents of the rows just written can have
// changed, so only they are counted again, each through the parent index: without the `+` on
// status SQLite picks the status index for the inner count and reads every approved comment of
// the database once per parent, which makes a large import quadratic.
import type { Db } from "./database.ts";

export const RECOUNT_REPLIES_SQL = `UPDATE comments SET reply_count =
    (SELECT COUNT(*) FROM comments k WHERE k.parent_id = comments.id AND +k.status = 'approved')
  WHERE id IN (SELECT value FROM json_each(?1))`;

export function recountReplies(db: Db, parentIds: string[]): D1PreparedStatement {
  return db.prepare(RECOUNT_REPLIES_SQL).bind(JSON.stringify(parentIds));
}
