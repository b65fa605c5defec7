// Notification addresses awaiting their confirmation (migration 0009). `sites.notify_emails` is
// the confirmed list; a row here is an address asked for and not yet confirmed, or (withdrawn) one
// taken off the list that is kept only as long as its last mail counts against the daily limit.
import type { AuditInput } from "./audit.ts";
import type { Db } from "./database.ts";

export interface NotifyRequest {
  email: string;
  mailed_at: string | null;
  withdrawn_at: string | null;
}

/** Every row of a site, pending and withdrawn. */
export async function requestsOf(db: Db, siteId: string): Promise<NotifyRequest[]> {
  const { results } = await db
    .prepare("SELECT email, mailed_at, withdrawn_at FROM notify_email_requests WHERE site_id = ?1")
    .bind(siteId)
    .all<NotifyRequest>();
  return results;
}

/** Puts an address on the waiting list (again); `mailed` records that a link goes out now. */
export function upsertRequest(db: Db, q: { siteId: string; email: string; now: string; mailed: boolean }) {
  return db
    .prepare(
      `INSERT INTO notify_email_requests (site_id, email, requested_at, mailed_at)
       VALUES (?1, ?2, ?3, CASE WHEN ?4 = 1 THEN ?3 END)
       ON CONFLICT (site_id, email) DO UPDATE SET
         requested_at = CASE WHEN withdrawn_at IS NULL THEN requested_at ELSE ?3 END,
         mailed_at = CASE WHEN ?4 = 1 THEN ?3 ELSE mailed_at END,
         withdrawn_at = NULL`,
    )
    .bind(q.siteId, q.email, q.now, q.mailed ? 1 : 0);
}

/** Takes every pending address not in `keep` off the waiting list: their links stop working. */
export function withdrawOthers(db: Db, q: { siteId: string; keep: string[]; now: string }) {
  return db
    .prepare(
      `UPDATE notify_email_requests SET withdrawn_at = ?3
       WHERE site_id = ?1 AND withdrawn_at IS NULL AND email NOT IN (SELECT value FROM json_each(?2))`,
    )
    .bind(q.siteId, JSON.stringify(q.keep), q.now);
}

/** Forgets withdrawn addresses whose last mail no longer counts against the daily limit. */
export function purgeWithdrawn(db: Db, q: { siteId: string; mailedBefore: string }) {
  return db
    .prepare(
      `DELETE FROM notify_email_requests
       WHERE site_id = ?1 AND withdrawn_at IS NOT NULL AND (mailed_at IS NULL OR mailed_at < ?2)`,
    )
    .bind(q.siteId, q.mailedBefore);
}

/**
 * Confirms a pending address, in one batch: it joins the site's confirmed list (once, whatever
 * runs at the same time), the audit entry is written, and it leaves the waiting list. False, and
 * nothing changed, when it was not pending.
 */
export async function confirmRequest(
  db: Db,
  q: { siteId: string; email: string; audit: AuditInput },
): Promise<boolean> {
  const pending = `EXISTS (SELECT 1 FROM notify_email_requests
    WHERE site_id = ?1 AND email = ?2 AND withdrawn_at IS NULL)`;
  const a = q.audit;
  const [, , removed] = await db.batch([
    db
      .prepare(
        `UPDATE sites SET notify_emails = json_insert(notify_emails, '$[#]', ?2), updated_at = ?3
         WHERE id = ?1 AND ${pending}
           AND NOT EXISTS (SELECT 1 FROM json_each(sites.notify_emails) WHERE value = ?2)`,
      )
      .bind(q.siteId, q.email, a.at),
    db
      .prepare(
        `INSERT INTO audit_log (id, site_id, actor, action, target, detail, at)
         SELECT ?3, ?1, ?4, ?5, ?6, ?7, ?8 WHERE ${pending}`,
      )
      .bind(q.siteId, q.email, a.id, a.actor, a.action, a.target, JSON.stringify(a.detail), a.at),
    db
      .prepare(
        `DELETE FROM notify_email_requests WHERE site_id = ?1 AND email = ?2 AND withdrawn_at IS NULL
         RETURNING email`,
      )
      .bind(q.siteId, q.email),
  ]);
  return (removed?.results?.length ?? 0) > 0;
}

/** Whether an address is pending for a site (the confirmation page asks before showing its button). */
export async function isPending(db: Db, siteId: string, email: string): Promise<boolean> {
  const row = await db
    .prepare(
      "SELECT 1 AS ok FROM notify_email_requests WHERE site_id = ?1 AND email = ?2 AND withdrawn_at IS NULL",
    )
    .bind(siteId, email)
    .first<{ ok: number }>();
  return row !== null;
}
