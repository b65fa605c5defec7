// A reader erases themselves (DELETE /api/v1/auth/identity): every comment of their identity on
// the site is erased as a moderator's erase does it (whatever its status or age), then the identity
// goes with its sessions, passkeys and provider link. Newest first, so replies go before the
// comments they answer and fewer placeholders stay; a bounded number of rounds per request keeps
// it inside the Workers limits (the reader repeats the call for the rest, see docs/api.md).
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { commentsOfIdentity, deleteIdentity, type SessionRow } from "../../db/identities.ts";
import type { CommentFacts } from "../../db/status-changes.ts";
import { nowIso } from "../../lib/time.ts";
import { eraseSteps } from "../moderation/decisions.ts";
import type { Transition } from "../moderation/transitions.ts";

const PER_ROUND = 10;
const ROUNDS = 20;

/** Erases the identity's comments and then the identity; `done` is false when comments remain. */
export async function eraseIdentity(
  db: Db,
  session: SessionRow,
): Promise<{ done: boolean; transitions: Transition[] }> {
  const transitions: Transition[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { ids } = await batch(db, { ids: commentsOfIdentity(db, session.id, PER_ROUND) });
    if (ids.length === 0) {
      await batch(db, { identity: deleteIdentity(db, session.id) });
      return { done: true, transitions };
    }
    const now = nowIso();
    // One batch for the round: each comment's steps, in order, under "<id>.<step>".
    const steps = Object.fromEntries(
      ids.flatMap((id) =>
        Object.entries(eraseSteps(db, { id, now })).map(([k, step]) => [`${id}.${k}`, step]),
      ),
    );
    const values = await batch(db, steps);
    for (const id of ids)
      for (const comment of values[`${id}.before`] as CommentFacts[])
        transitions.push({ from: comment.status, to: "erased", by: { kind: "reader" }, comment });
  }
  return { done: false, transitions };
}
