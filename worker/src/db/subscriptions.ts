// Consent to reply mails, per site and address: given by a signed-in reader with a verified address
// who ticks "notify me" (signing in proved the address), withdrawn by the unsubscribe link in
// every mail. Reply mails go only to comments posted signed in (issue #10): an address typed into
// an anonymous comment proves nothing, so it never gets them, whatever consent it gave before.
import type { Step } from "./batch.ts";
import type { Db } from "./database.ts";

export async function confirm(db: Db, siteId: string, email: string, now: string): Promise<void> {
  await db
    .prepare(
      `INSERT INTO reply_subscriptions (site_id, email, created_at, confirmed_at) VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (site_id, email) DO UPDATE SET confirmed_at = ?3, unsubscribed_at = NULL`,
    )
    .bind(siteId, email, now)
    .run();
}

/**
 * The consent of a signed-in reader's verified address, given by ticking "notify me" on the
 * comment just inserted (the statement runs only if it was); ticking again after unsubscribing
 * subscribes again, as a new confirmation would.
 */
export function subscribeVerified(
  db: Db,
  q: { siteId: string; email: string; commentId: string; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO reply_subscriptions (site_id, email, created_at, confirmed_at)
       SELECT ?1, ?2, ?4, ?4 WHERE EXISTS (SELECT 1 FROM comments WHERE id = ?3)
       ON CONFLICT (site_id, email) DO UPDATE SET confirmed_at = ?4, unsubscribed_at = NULL`,
    )
    .bind(q.siteId, q.email, q.commentId, q.now);
}

export async function unsubscribe(db: Db, siteId: string, email: string, now: string): Promise<void> {
  await db
    .prepare(
      `INSERT INTO reply_subscriptions (site_id, email, created_at, unsubscribed_at) VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (site_id, email) DO UPDATE SET unsubscribed_at = ?3`,
    )
    .bind(siteId, email, now)
    .run();
}

interface ParentAuthor {
  email: string;
  name: string;
}

const SUBSCRIBED_PARENT = `SELECT p.author_email AS email, p.author_name AS name
  FROM comments c JOIN comments p ON p.id = c.parent_id
  JOIN reply_subscriptions s ON s.site_id = p.site_id AND s.email = p.author_email
  WHERE c.id = ?1 AND p.notify_replies = 1 AND p.status = 'approved' AND p.identity_id IS NOT NULL
    AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL`;

/**
 * Claims the one reply mail of an approved reply, when its parent's author asked for reply mails
 * and has confirmed: the step's value is that author, or null when no mail is due (not subscribed,
 * or mailed already, whether the reply was published at once or approved later).
 */
export function claimReplyMail(db: Db, replyId: string, now: string): Step<ParentAuthor | null> {
  return {
    statements: [
      db
        .prepare(
          `UPDATE comments SET reply_mailed_at = ?2 WHERE id = ?1 AND status = 'approved'
             AND reply_mailed_at IS NULL AND EXISTS (${SUBSCRIBED_PARENT}) RETURNING id`,
        )
        .bind(replyId, now),
      db.prepare(SUBSCRIBED_PARENT).bind(replyId),
    ],
    read: ([claimed, author]) =>
      claimed?.results?.length ? ((author?.results?.[0] as ParentAuthor | undefined) ?? null) : null,
  };
}

/** Mails sent to one address since a time: reply mails are rate limited per recipient. */
export function mailsSince(db: Db, to: string, since: string) {
  return db
    .prepare("SELECT COUNT(*) AS n FROM outbox WHERE to_addr = ?1 AND created_at > ?2")
    .bind(to, since)
    .first<number>("n");
}
