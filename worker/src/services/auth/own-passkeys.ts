// A reader's own passkeys (docs/identity.md, "Passkeys"): listing them and removing one. A stolen
// token could add a passkey that outlives the token; here the reader sees it and takes it away.
import type { PasskeyList } from "../../../../shared/auth-types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import type { SessionRow } from "../../db/identities.ts";
import { passkeyList, removePasskey } from "../../db/passkeys.ts";
import { ApiError } from "../../lib/api-error.ts";

export async function listOwnPasskeys(db: Db, session: SessionRow): Promise<PasskeyList> {
  const { rows } = await batch(db, { rows: passkeyList(db, session.id) });
  return {
    passkeys: rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastUsedAt: r.last_used_at })),
  };
}

/**
 * Removes a passkey of the session's identity, ending the identity's other passkey sessions with
 * it (db/passkeys.ts says why all of them). Another identity's passkey, or none, is 404 and
 * nothing changes.
 */
export async function removeOwnPasskey(db: Db, session: SessionRow, id: string): Promise<void> {
  const { removed } = await batch(db, {
    removed: removePasskey(db, { id, identityId: session.id, keepSession: session.session_id }),
  });
  if (!removed) throw new ApiError("not_found", "You have no such passkey.");
}
