// The outbox of mails and the record of webhook deliveries.
import type { OutboxMail as ListedMail, WebhookDelivery } from "../../../shared/admin-types.ts";
import type { Db } from "./database.ts";

export interface OutboxMail {
  id: string;
  siteId: string;
  commentId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  provider: string;
  status: "logged" | "sent" | "failed";
  error: string | null;
  createdAt: string;
}

export async function insertMail(db: Db, m: OutboxMail): Promise<void> {
  await db
    .prepare(
      `INSERT INTO outbox (id, site_id, to_addr, subject, text, html, provider, status, error, created_at, comment_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
    .bind(
      m.id,
      m.siteId,
      m.to,
      m.subject,
      m.text,
      m.html,
      m.provider,
      m.status,
      m.error,
      m.createdAt,
      m.commentId,
    )
    .run();
}

export async function listOutbox(db: Db, sites: string[] | null, limit: number): Promise<ListedMail[]> {
  const { results } = await db
    .prepare(
      `SELECT id, site_id AS site, to_addr AS "to", subject, text, provider,
         CASE WHEN erased_at IS NULL THEN status ELSE 'erased' END AS status, error, created_at AS createdAt
       FROM outbox WHERE (?1 IS NULL OR site_id IN (SELECT value FROM json_each(?1))) ORDER BY id DESC LIMIT ?2`,
    )
    .bind(sites ? JSON.stringify(sites) : null, limit)
    .all<ListedMail>();
  return results;
}

export async function insertDelivery(
  db: Db,
  d: {
    id: string;
    siteId: string;
    event: string;
    url: string;
    now: string;
    commentId: string | null;
    body: string;
  },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO webhook_deliveries (id, site_id, event, url, created_at, comment_id, body)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(d.id, d.siteId, d.event, d.url, d.now, d.commentId, d.body)
    .run();
}

/** A waiting event's body; `erased` when an erase emptied it; null when the row is gone (cleanup). */
export async function deliveryBody(
  db: Db,
  id: string,
): Promise<{ body: string | null; erased: boolean } | null> {
  const row = await db
    .prepare("SELECT body, erased_at FROM webhook_deliveries WHERE id = ?1")
    .bind(id)
    .first<{ body: string | null; erased_at: string | null }>();
  return row ? { body: row.body, erased: row.erased_at !== null } : null;
}

/** One attempt; `final` (delivered, refused or dropped: no retry follows) empties the body. */
export async function recordAttempt(
  db: Db,
  q: { id: string; status: number | null; error: string | null; delivered: string | null; final: boolean },
): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?2, last_error = ?3,
         delivered_at = COALESCE(?4, delivered_at), body = CASE WHEN ?5 = 1 THEN NULL ELSE body END
       WHERE id = ?1`,
    )
    .bind(q.id, q.status, q.error, q.delivered, q.final ? 1 : 0)
    .run();
}

export async function listDeliveries(
  db: Db,
  sites: string[] | null,
  limit: number,
): Promise<WebhookDelivery[]> {
  const { results } = await db
    .prepare(
      `SELECT id, site_id AS site, event, url, attempts, last_status AS lastStatus, last_error AS lastError,
         created_at AS createdAt, delivered_at AS deliveredAt
       FROM webhook_deliveries WHERE (?1 IS NULL OR site_id IN (SELECT value FROM json_each(?1))) ORDER BY id DESC LIMIT ?2`,
    )
    .bind(sites ? JSON.stringify(sites) : null, limit)
    .all<WebhookDelivery>();
  return results;
}
