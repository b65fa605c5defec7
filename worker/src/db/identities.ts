// Verified readers (migration 0010): identities, scoped to one site, and their sessions.
import type { Identity, VerifiedBy } from "../../../shared/types.ts";
import { all, exec, first, map, none, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

/** How a session was opened: a verification method, or a passkey of the identity. */
export type SessionMethod = VerifiedBy | "passkey";

export interface IdentityRow {
  id: string;
  site_id: string;
  kind: VerifiedBy;
  subject: string;
  name: string;
  email: string | null;
  is_staff: number;
  created_at: string;
  updated_at: string;
}

/** A live session and the identity it signs in. */
export interface SessionRow extends IdentityRow {
  session_id: string;
  method: SessionMethod;
  expires_at: string;
  last_used_at: string | null;
}

/** The reader's own view of an identity (with the address); public answers drop `email`. */
export function toIdentity(row: IdentityRow, avatar: string): Identity {
  return {
    id: row.id,
    name: row.name,
    verified: row.kind,
    avatar,
    ...(row.email ? { email: row.email } : {}),
    isStaff: row.is_staff === 1,
  };
}

/**
 * Creates the identity of (site, kind, subject), or refreshes the name and address the provider
 * now reports; its value is the row as it stands after the write.
 */
export function upsertIdentity(
  db: Db,
  i: {
    id: string;
    siteId: string;
    kind: VerifiedBy;
    subject: string;
    name: string;
    email: string | null;
    now: string;
  },
): Step<IdentityRow | null> {
  return first<IdentityRow>(
    db
      .prepare(
        `INSERT INTO identities (id, site_id, kind, subject, name, email, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (site_id, kind, subject) DO UPDATE SET
           name = CASE WHEN excluded.name = '' THEN identities.name ELSE excluded.name END,
           email = COALESCE(excluded.email, identities.email), updated_at = excluded.updated_at
         RETURNING *`,
      )
      .bind(i.id, i.siteId, i.kind, i.subject, i.name, i.email, i.now),
  );
}

export function getIdentity(db: Db, id: string): Step<IdentityRow | null> {
  return first<IdentityRow>(db.prepare("SELECT * FROM identities WHERE id = ?1").bind(id));
}

export function insertSession(
  db: Db,
  s: {
    id: string;
    tokenHash: string;
    identityId: string;
    siteId: string;
    method: SessionMethod;
    now: string;
    expiresAt: string;
  },
): Step<void> {
  return exec(
    db
      .prepare(
        `INSERT INTO reader_sessions (id, token_hash, identity_id, site_id, method, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(s.id, s.tokenHash, s.identityId, s.siteId, s.method, s.now, s.expiresAt),
  );
}

/** The unexpired session of a token hash, with its identity. */
export async function findSession(db: Db, tokenHash: string, now: string): Promise<SessionRow | null> {
  return db
    .prepare(
      `SELECT i.*, s.id AS session_id, s.method, s.expires_at, s.last_used_at
       FROM reader_sessions s JOIN identities i ON i.id = s.identity_id
       WHERE s.token_hash = ?1 AND s.expires_at > ?2`,
    )
    .bind(tokenHash, now)
    .first<SessionRow>();
}

/** Records use at most once an hour, so reads stay reads. */
export async function touchSession(db: Db, id: string, now: string, before: string): Promise<void> {
  await db
    .prepare(
      "UPDATE reader_sessions SET last_used_at = ?2 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?3)",
    )
    .bind(id, now, before)
    .run();
}

/** Ends one session; its value is whether there was one. */
export function deleteSession(db: Db, id: string): Step<boolean> {
  return {
    statements: [db.prepare("DELETE FROM reader_sessions WHERE id = ?1").bind(id)],
    read: ([r]) => (r?.meta.changes ?? 0) > 0,
  };
}

/** Whether an address is the verified address of one of the site's staff identities. */
export function isStaffAddress(db: Db, siteId: string, email: string | null): Step<boolean> {
  if (email === null) return none(false);
  return map(
    first<{ ok: number }>(
      db
        .prepare("SELECT 1 AS ok FROM identities WHERE site_id = ?1 AND email = ?2 AND is_staff = 1 LIMIT 1")
        .bind(siteId, email),
    ),
    (row) => row !== null,
  );
}

/**
 * An email identity goes by the name it last posted with (an email code proves the address, not a
 * name); run in the batch of the comment, and only if the comment was written.
 */
export function nameFromPost(
  db: Db,
  q: { identityId: string; name: string; commentId: string; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE identities SET name = ?2, updated_at = ?4
       WHERE id = ?1 AND kind = 'email' AND ?2 <> '' AND name <> ?2
         AND EXISTS (SELECT 1 FROM comments WHERE id = ?3)`,
    )
    .bind(q.identityId, q.name, q.commentId, q.now);
}

/** Up to `limit` of an identity's comments (a reader erasing their identity, a round at a time). */
export function commentsOfIdentity(db: Db, identityId: string, limit: number): Step<string[]> {
  return map(
    all<{ id: string }>(
      db
        .prepare("SELECT id FROM comments WHERE identity_id = ?1 ORDER BY id DESC LIMIT ?2")
        .bind(identityId, limit),
    ),
    (rows) => rows.map((r) => r.id),
  );
}

/** Removes an identity; its sessions, passkeys and ceremonies go with it (ON DELETE CASCADE). */
export function deleteIdentity(db: Db, id: string): Step<void> {
  return exec(db.prepare("DELETE FROM identities WHERE id = ?1").bind(id));
}

/** Ends every session a site's SSO opened (its secret was rotated or cleared). */
export function deleteSsoSessions(db: Db, siteId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM reader_sessions WHERE site_id = ?1 AND method = 'sso'").bind(siteId);
}
