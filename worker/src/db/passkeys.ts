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
