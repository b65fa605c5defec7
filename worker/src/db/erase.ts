// Erasure: what an admin erase and an author's delete clear, the same for both (security.md,
// "What is stored"). The comment's text, names, email, website, avatar seed, edit-token hash,
// network hash and reasons; its stored idempotent answer; the mails about it, and the mails and
// reply subscription of its address when no other comment of that address is left on the site
// (those outbox rows stay, emptied and marked erased, so delivery counts still add up); the
// identity it was posted by when it was that identity's last comment (issue #10); the webhook
// events about it still waiting for delivery that carry its text and author. The row
// stays as a `deleted` placeholder only when it has replies; otherwise it goes with its likes.
import type { Db } from "./database.ts";

const HAS_CHILDREN = "EXISTS (SELECT 1 FROM comments k WHERE k.parent_id = ?1)";
const SITE = "(SELECT site_id FROM comments WHERE id = ?1)";
const EMAIL = "(SELECT author_email FROM comments WHERE id = ?1)";
const ADDRESS_GONE = (site: string, address: string) =>
  `NOT EXISTS (SELECT 1 FROM comments o WHERE o.site_id = ${site} AND o.author_email = ${address} AND o.id <> ?1)`;

/**
 * Who may erase, checked inside the batch: anyone (`none`: a moderator, a remote source gone);
 * the author while they may still act (`author`: approved or pending, no moderator decision yet);
 * the spam retention only while the comment is still spam (`spam`: a moderator may have approved
 * it since it was picked). The statements take it as `?3`.
 */
export type EraseGuard = "none" | "author" | "spam";
const GUARD_CODE: Record<EraseGuard, number> = { none: 0, author: 1, spam: 2 };

export interface EraseQuery {
  id: string;
  now: string;
  guard: EraseGuard;
}

/**
 * The statements that clear personal data, to run BEFORE the status change (they read the email
 * the row still has). `?2` = now; `?3` = the guard.
 */
export function clearTraces(db: Db, q: EraseQuery): D1PreparedStatement[] {
  const allowed = `(?3 = 0
    OR (?3 = 1 AND EXISTS (SELECT 1 FROM comments WHERE id = ?1
      AND status IN ('approved', 'pending') AND moderated_at IS NULL))
    OR (?3 = 2 AND EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'spam')))`;
  const args = [q.id, q.now, GUARD_CODE[q.guard]] as const;
  return [
    db
      .prepare(
        `UPDATE outbox SET to_addr = 'erased', subject = '', text = '', html = '', erased_at = ?2
         WHERE erased_at IS NULL AND ${allowed} AND (comment_id = ?1
           OR (site_id = ${SITE} AND to_addr = ${EMAIL} AND ${ADDRESS_GONE("outbox.site_id", "outbox.to_addr")}))`,
      )
      .bind(...args),
    db
      .prepare(
        `DELETE FROM reply_subscriptions WHERE ${allowed} AND site_id = ${SITE} AND email = ${EMAIL}
           AND ${ADDRESS_GONE("reply_subscriptions.site_id", "reply_subscriptions.email")}`,
      )
      .bind(...args),
    db.prepare(`DELETE FROM idempotency_keys WHERE comment_id = ?1 AND ${allowed}`).bind(...args),
    // Webhook events about it not delivered yet that carry its author and text: emptied, so the
    // consumer drops them (services/webhooks.ts); the ids-only ones (deleted, spam) still go.
    db
      .prepare(
        `UPDATE webhook_deliveries SET body = NULL, erased_at = ?2
         WHERE comment_id = ?1 AND body IS NOT NULL AND ${allowed}
           AND event IN ('comment.created', 'comment.approved', 'comment.reported')`,
      )
      .bind(...args),
    // The signed-in author's identity goes with its last comment; its sessions, passkeys and
    // ceremonies go with it (ON DELETE CASCADE, migration 0010).
    db
      .prepare(
        `DELETE FROM identities WHERE ${allowed} AND id = (SELECT identity_id FROM comments WHERE id = ?1)
           AND NOT EXISTS (SELECT 1 FROM comments o WHERE o.identity_id = identities.id AND o.id <> ?1)`,
      )
      .bind(...args),
  ];
}

/**
 * The statements that empty or remove the row, to run AFTER the status change to `deleted`;
 * under a guard they act only if that change happened in this batch (the row says deleted, at `?2`).
 */
export function emptyRow(db: Db, q: EraseQuery): D1PreparedStatement[] {
  const changed =
    "(?3 = 0 OR EXISTS (SELECT 1 FROM comments WHERE id = ?1 AND status = 'deleted' AND updated_at = ?2))";
  const args = [q.id, q.now, GUARD_CODE[q.guard]] as const;
  return [
    db
      .prepare(
        `UPDATE comments SET status = 'deleted', text = '', html = '', author_name = '', author_email = NULL,
           author_website = NULL, avatar_seed = '', edit_token_hash = NULL, network_hash = NULL,
           notify_replies = 0, moderation_reasons = '[]', identity_id = NULL, author_verified = NULL,
           is_moderator = 0, updated_at = ?2
         WHERE id = ?1 AND ${changed} AND ${HAS_CHILDREN}`,
      )
      .bind(...args),
    db
      .prepare(`DELETE FROM likes WHERE comment_id = ?1 AND ${changed} AND NOT ${HAS_CHILDREN}`)
      .bind(...args),
    db
      .prepare(`DELETE FROM comments WHERE id = ?1 AND ${changed} AND NOT ${HAS_CHILDREN} RETURNING id`)
      .bind(...args),
  ];
}
