// Sign-in codes sent by mail (migration 0010): stored as keyed hashes, one live code per address
// and site (a new request deletes the older ones), single use, 5 tries. Every check that decides
// whether a code may still be tried is inside the statement that counts the try, so parallel
// guesses cannot share one read of `tries`.
import { exec, first, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export const MAX_TRIES = 5;

export interface EmailCodeRow {
  id: string;
  site_id: string;
  email: string;
  code_hash: string;
  link_hash: string;
  return_url: string | null;
  tries: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The new code of an address; the older codes of that address on the site are gone with it. */
export function replaceCode(
  db: Db,
  c: {
    id: string;
    siteId: string;
    email: string;
    codeHash: string;
    linkHash: string;
    returnUrl: string | null;
    now: string;
    expiresAt: string;
  },
): Step<void> {
  return exec(
    db.prepare("DELETE FROM email_codes WHERE site_id = ?1 AND email = ?2").bind(c.siteId, c.email),
    db
      .prepare(
        `INSERT INTO email_codes (id, site_id, email, code_hash, link_hash, return_url, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      )
      .bind(c.id, c.siteId, c.email, c.codeHash, c.linkHash, c.returnUrl, c.now, c.expiresAt),
  );
}

const live = (now: string) => `used_at IS NULL AND expires_at > ${now} AND tries < ${MAX_TRIES}`;

/**
 * Counts one try of the live code of an address and answers the code as it stands after it
 * (null: there is none, or it is dead). The caller compares, then consumes on a match.
 */
export function tryCode(
  db: Db,
  q: { siteId: string; email: string; now: string },
): Step<EmailCodeRow | null> {
  return first<EmailCodeRow>(
    db
      .prepare(
        `UPDATE email_codes SET tries = tries + 1 WHERE site_id = ?1 AND email = ?2 AND ${live("?3")} RETURNING *`,
      )
      .bind(q.siteId, q.email, q.now),
  );
}

/** The live code a link names (the link's secret is compared by the caller). */
export function linkedCode(db: Db, q: { id: string; now: string }): Step<EmailCodeRow | null> {
  return first<EmailCodeRow>(
    db.prepare(`SELECT * FROM email_codes WHERE id = ?1 AND ${live("?2")}`).bind(q.id, q.now),
  );
}

/** Marks a code used; its value is whether this call did (a replay, or a race lost, does not). */
export function consumeCode(db: Db, q: { id: string; now: string }): Step<boolean> {
  return {
    statements: [
      db
        .prepare("UPDATE email_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2")
        .bind(q.id, q.now),
    ],
    read: ([r]) => (r?.meta.changes ?? 0) > 0,
  };
}

/** Codes past their life, used or not (the daily cleanup). */
export function deleteExpiredCodes(db: Db, now: string): D1PreparedStatement {
  return db.prepare("DELETE FROM email_codes WHERE expires_at < ?1").bind(now);
}
