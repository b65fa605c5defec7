// Ceremony state in flight (migration 0010's auth_challenges): a WebAuthn challenge, or an OAuth
// authorization's verifier and nonce. Keyed by the SHA-256 of the handle the client holds, and
// used once: taking a challenge deletes it, so a replayed handle finds nothing.
import { exec, first, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

export type ChallengeKind = "passkey-register" | "passkey-login" | "oauth";

export interface ChallengeRow {
  id: string;
  site_id: string;
  kind: ChallengeKind;
  identity_id: string | null;
  data: string;
  created_at: string;
  expires_at: string;
}

export function insertChallenge(
  db: Db,
  c: {
    idHash: string;
    siteId: string;
    kind: ChallengeKind;
    identityId: string | null;
    data: object;
    now: string;
    expiresAt: string;
  },
): Step<void> {
  return exec(
    db
      .prepare(
        `INSERT INTO auth_challenges (id, site_id, kind, identity_id, data, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(c.idHash, c.siteId, c.kind, c.identityId, JSON.stringify(c.data), c.now, c.expiresAt),
  );
}

/**
 * Takes (deletes and answers) the live challenge of a handle's hash and kind. An expired one is
 * left for the daily cleanup and answered as none, so a late attempt writes nothing.
 */
export function takeChallenge(
  db: Db,
  q: { idHash: string; kind: ChallengeKind; now: string },
): Step<ChallengeRow | null> {
  return first<ChallengeRow>(
    db
      .prepare("DELETE FROM auth_challenges WHERE id = ?1 AND kind = ?2 AND expires_at > ?3 RETURNING *")
      .bind(q.idHash, q.kind, q.now),
  );
}
