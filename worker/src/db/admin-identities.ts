// Moderators' reads and writes of a site's identities and reader sessions (migration 0010).
import { first, type Step } from "./batch.ts";
import type { Db } from "./database.ts";
import type { IdentityRow, SessionMethod } from "./identities.ts";

/** An identity with what a moderator sees of its use. */
export interface AdminIdentityRow extends IdentityRow {
  sessions: number;
  passkeys: number;
  comments: number;
}

/** The counts of identity `i`; `now` is the parameter holding the time (only live sessions count). */
const counts = (now: string) => `(SELECT COUNT(*) FROM reader_sessions s WHERE s.identity_id = i.id
    AND s.expires_at > ${now}) AS sessions,
  (SELECT COUNT(*) FROM passkeys p WHERE p.identity_id = i.id) AS passkeys,
  (SELECT COUNT(*) FROM comments c WHERE c.identity_id = i.id) AS comments`;

export interface IdentityQuery {
  sites: string[] | null;
  /** A LIKE pattern over name, address and subject, already escaped. */
  like: string | null;
  cursor: string | null;
  limit: number;
  now: string;
}

/** Newest first; `sites` null means every site (the operator). */
export async function listAdminIdentities(db: Db, q: IdentityQuery): Promise<AdminIdentityRow[]> {
  const { results } = await db
    .prepare(
      `SELECT i.*, ${counts("?5")} FROM identities i
       WHERE (?1 IS NULL OR i.site_id IN (SELECT value FROM json_each(?1)))
         AND (?2 IS NULL OR i.name LIKE ?2 ESCAPE '\\' OR i.email LIKE ?2 ESCAPE '\\'
              OR i.subject LIKE ?2 ESCAPE '\\')
         AND (?3 IS NULL OR i.id < ?3)
       ORDER BY i.id DESC LIMIT ?4`,
    )
    .bind(q.sites ? JSON.stringify(q.sites) : null, q.like, q.cursor, q.limit, q.now)
    .all<AdminIdentityRow>();
  return results;
}

/** One identity with its counts, or null. */
export function adminIdentity(db: Db, id: string, now: string): Step<AdminIdentityRow | null> {
  return first<AdminIdentityRow>(
    db.prepare(`SELECT i.*, ${counts("?2")} FROM identities i WHERE i.id = ?1`).bind(id, now),
  );
}

export function setStaff(db: Db, id: string, isStaff: boolean, now: string): D1PreparedStatement {
  return db
    .prepare("UPDATE identities SET is_staff = ?2, updated_at = ?3 WHERE id = ?1")
    .bind(id, isStaff ? 1 : 0, now);
}

/** A live session as a moderator sees it: never its token or hash. */
export interface AdminSessionRow {
  id: string;
  site_id: string;
  identity_id: string;
  identity_name: string;
  identity_kind: IdentityRow["kind"];
  method: SessionMethod;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
}

export interface SessionQuery {
  sites: string[] | null;
  identityId: string | null;
  cursor: string | null;
  limit: number;
  now: string;
}

/** Live sessions, newest first. */
export async function listAdminSessions(db: Db, q: SessionQuery): Promise<AdminSessionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.site_id, s.identity_id, i.name AS identity_name, i.kind AS identity_kind, s.method,
         s.created_at, s.last_used_at, s.expires_at
       FROM reader_sessions s JOIN identities i ON i.id = s.identity_id
       WHERE (?1 IS NULL OR s.site_id IN (SELECT value FROM json_each(?1)))
         AND (?2 IS NULL OR s.identity_id = ?2)
         AND (?3 IS NULL OR s.id < ?3)
         AND s.expires_at > ?5
       ORDER BY s.id DESC LIMIT ?4`,
    )
    .bind(q.sites ? JSON.stringify(q.sites) : null, q.identityId, q.cursor, q.limit, q.now)
    .all<AdminSessionRow>();
  return results;
}

/** The site of a session, or null when there is none. */
export function sessionSite(db: Db, id: string): Step<{ site_id: string } | null> {
  return first<{ site_id: string }>(db.prepare("SELECT site_id FROM reader_sessions WHERE id = ?1").bind(id));
}

/** Ends every session of an identity; its value is how many there were. */
export function deleteSessionsOf(db: Db, identityId: string): Step<number> {
  return {
    statements: [db.prepare("DELETE FROM reader_sessions WHERE identity_id = ?1").bind(identityId)],
    read: ([r]) => r?.meta.changes ?? 0,
  };
}
