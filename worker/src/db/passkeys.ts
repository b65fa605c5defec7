// WebAuthn credentials (migration 0010's passkeys). A passkey belongs to one identity of one site.
import { all, first, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export interface PasskeyRow {
  id: string;
  identity_id: string;
  site_id: string;
  public_key: string;
  counter: number;
  transports: string;
  created_at: string;
  last_used_at: string | null;
}

export function passkeysOf(db: Db, identityId: string): Step<Pick<PasskeyRow, "id" | "transports">[]> {
  return all(
    db
      .prepare("SELECT id, transports FROM passkeys WHERE identity_id = ?1 ORDER BY created_at")
      .bind(identityId),
  );
}

/** A site's passkey by credential id: another site's credential is not found. */
export function passkeyOnSite(db: Db, id: string, siteId: string): Step<PasskeyRow | null> {
  return first(db.prepare("SELECT * FROM passkeys WHERE id = ?1 AND site_id = ?2").bind(id, siteId));
}

/** Adds a credential; its value is false when the credential id is already stored (anywhere). */
export function insertPasskey(
  db: Db,
  p: {
    id: string;
    identityId: string;
    siteId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    now: string;
  },
): Step<boolean> {
  return {
    statements: [
      db
        .prepare(
          `INSERT INTO passkeys (id, identity_id, site_id, public_key, counter, transports, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING`,
        )
        .bind(p.id, p.identityId, p.siteId, p.publicKey, p.counter, JSON.stringify(p.transports), p.now),
    ],
    read: ([r]) => (r?.meta.changes ?? 0) > 0,
  };
}

/**
 * Records a use with the authenticator's new counter, only if the counter is still the one the
 * assertion was checked against (two parallel sign-ins with one assertion: one wins).
 */
export function usePasskey(
  db: Db,
  u: { id: string; counterWas: number; counter: number; now: string },
): Step<boolean> {
  return {
    statements: [
      db
        .prepare("UPDATE passkeys SET counter = ?3, last_used_at = ?4 WHERE id = ?1 AND counter = ?2")
        .bind(u.id, u.counterWas, u.counter, u.now),
    ],
    read: ([r]) => (r?.meta.changes ?? 0) > 0,
  };
}

/** An identity's passkeys as its reader sees them, oldest first. */
export function passkeyList(
  db: Db,
  identityId: string,
): Step<Pick<PasskeyRow, "id" | "created_at" | "last_used_at">[]> {
  return all(
    db
      .prepare(
        "SELECT id, created_at, last_used_at FROM passkeys WHERE identity_id = ?1 ORDER BY created_at, id",
      )
      .bind(identityId),
  );
}

/**
 * Removes one passkey of an identity, and the identity's sessions opened with a passkey but
 * `keepSession` (a session does not record which passkey opened it, so a removed passkey's
 * sessions are among them). Its value is false, and nothing is removed, when the identity has no
 * such passkey. The sessions go first: their statement checks the passkey is still there.
 */
export function removePasskey(
  db: Db,
  r: { id: string; identityId: string; keepSession: string },
): Step<boolean> {
  return {
    statements: [
      db
        .prepare(
          `DELETE FROM reader_sessions
           WHERE identity_id = ?2 AND method = 'passkey' AND id <> ?3
             AND EXISTS (SELECT 1 FROM passkeys WHERE id = ?1 AND identity_id = ?2)`,
        )
        .bind(r.id, r.identityId, r.keepSession),
      db.prepare("DELETE FROM passkeys WHERE id = ?1 AND identity_id = ?2").bind(r.id, r.identityId),
    ],
    read: ([, removed]) => (removed?.meta.changes ?? 0) > 0,
  };
}

/** Removes every passkey of an identity and every session opened with one; its value is how many passkeys. */
export function removePasskeysOf(db: Db, identityId: string): Step<number> {
  return {
    statements: [
      db
        .prepare("DELETE FROM reader_sessions WHERE identity_id = ?1 AND method = 'passkey'")
        .bind(identityId),
      db.prepare("DELETE FROM passkeys WHERE identity_id = ?1").bind(identityId),
    ],
    read: ([, removed]) => removed?.meta.changes ?? 0,
  };
}
