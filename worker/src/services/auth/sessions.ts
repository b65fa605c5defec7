// Reader sessions: every sign-in method ends here, with a random bearer token for one site. Only
// the token's SHA-256 is stored (like admin and edit tokens): a copy of the database signs nobody in.
import type { Identity, SignInResponse, VerifiedBy } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import {
  deleteSession,
  findSession,
  type IdentityRow,
  insertSession,
  type SessionMethod,
  type SessionRow,
  toIdentity,
  touchSession,
  upsertIdentity,
} from "../../db/identities.ts";
import { ApiError } from "../../lib/api-error.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";
import { timeId } from "../../lib/ids.ts";
import type { Keys } from "../../lib/keys.ts";
import { nowIso } from "../../lib/time.ts";

export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 3_600_000;

/** The generated avatar of an identity: keyed per site like every avatar, never the provider's picture. */
export async function identityAvatar(keys: Keys, row: Pick<IdentityRow, "id" | "site_id">): Promise<string> {
  return (await keys.hmac("avatar", `${row.site_id}\nidentity\n${row.id}`)).slice(0, 16);
}

export async function identityOf(keys: Keys, row: IdentityRow): Promise<Identity> {
  return toIdentity(row, await identityAvatar(keys, row));
}

/** What a sign-in proved: who, on which site, and by which method. */
export interface Proof {
  siteId: string;
  kind: VerifiedBy;
  subject: string;
  name: string;
  email: string | null;
  method: SessionMethod;
}

/** Finds or makes the identity of a proof and opens a session for it, in one batch. */
export async function signIn(db: Db, keys: Keys, proof: Proof): Promise<SignInResponse> {
  const now = Date.now();
  const { identity } = await batch(db, {
    identity: upsertIdentity(db, { ...proof, id: timeId(now), now: nowIso(now) }),
  });
  if (!identity) throw new ApiError("internal", "The identity could not be stored.");
  return openSession(db, keys, identity, proof.method, now);
}

/** A new session for an identity that exists (a passkey sign-in). */
export async function openSession(
  db: Db,
  keys: Keys,
  identity: IdentityRow,
  method: SessionMethod,
  now = Date.now(),
): Promise<SignInResponse> {
  const token = randomToken();
  const expiresAt = nowIso(now + SESSION_DAYS * 86_400_000);
  await batch(db, {
    session: insertSession(db, {
      id: timeId(now),
      tokenHash: await sha256Hex(token),
      identityId: identity.id,
      siteId: identity.site_id,
      method,
      now: nowIso(now),
      expiresAt,
    }),
  });
  return { token, expiresAt, identity: await identityOf(keys, identity) };
}

/**
 * The session of a bearer token, or null when the token is unknown, expired or revoked. Its use is
 * recorded only when `admits` accepts it, so a request refused for the session (another site's
 * token, another author's comment) writes nothing.
 */
export async function sessionOf(
  db: Db,
  token: string,
  admits: (s: SessionRow) => boolean = () => true,
): Promise<SessionRow | null> {
  const now = Date.now();
  const session = await findSession(db, await sha256Hex(token), nowIso(now));
  if (session && admits(session))
    await touchSession(db, session.session_id, nowIso(now), nowIso(now - TOUCH_EVERY_MS));
  return session;
}

export async function endSession(db: Db, session: SessionRow): Promise<void> {
  await batch(db, { ended: deleteSession(db, session.session_id) });
}
