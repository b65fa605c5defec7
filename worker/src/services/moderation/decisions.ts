// A moderator's decisions: the admin PATCH, the bulk action, the one-click mail link and erasure.
// Each is a part of a batch (so the caller adds its audit row and reads in the same transaction)
// and turns the batch's values into the transitions effects.ts acts on.
import type { AdminStatus } from "../../../../shared/admin-types.ts";
import { exec, type Step } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { clearTraces, emptyRow } from "../../db/erase.ts";
import { type CommentFacts, changeStatus, markModerated, selectFacts } from "../../db/status-changes.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { type By, type Transition, transitionsOf } from "./transitions.ts";

const moderator = (actor: Actor): By => ({ kind: "moderator", label: actor.label });

export interface DecisionSteps {
  before: Step<CommentFacts[]>;
  changed: Step<{ id: string }[]>;
  reviewed: Step<void>;
}

/** The steps of a status decision on these comments (only those still as at `unchangedSince`). */
export function decisionSteps(
  db: Db,
  q: { actor: Actor; ids: string[]; status: AdminStatus; now: string; unchangedSince?: string | null },
): DecisionSteps {
  return {
    before: selectFacts(db, q.ids),
    changed: changeStatus(db, {
      ids: q.ids,
      status: q.status,
      reasons: [`${q.status} by ${q.actor.label}`],
      now: q.now,
      moderated: true,
      unchangedSince: q.unchangedSince ?? null,
    }),
    reviewed: exec(markModerated(db, q)),
  };
}

export const decided = (
  actor: Actor,
  status: AdminStatus,
  values: { before: CommentFacts[]; changed: { id: string }[] },
): Transition[] => transitionsOf(values.before, values.changed, status, moderator(actor));

/**
 * The steps of erasing a comment for good (admin DELETE, or a reader erasing their identity):
 * everything db/erase.ts clears, whatever the comment's status; `onlySpam` (the spam retention)
 * erases it only if it is still spam when the batch runs.
 */
export function eraseSteps(db: Db, q: { id: string; now: string; onlySpam?: boolean }) {
  const traces = { id: q.id, now: q.now, guard: q.onlySpam ? "spam" : "none" } as const;
  return {
    before: selectFacts(db, [q.id]),
    traces: exec(...clearTraces(db, traces)),
    changed: changeStatus(db, {
      ...{ ids: [q.id], status: "deleted", reasons: [], now: q.now },
      ...{ moderated: true, onlyFrom: q.onlySpam ? ["spam"] : null },
    }),
    row: exec(...emptyRow(db, traces)),
  };
}

/** Erasure is a transition of its own ("erased"), whatever the status was, even deleted already. */
export const erased = (actor: Actor, before: CommentFacts[]): Transition[] =>
  before.map((comment) => ({ from: comment.status, to: "erased", by: moderator(actor), comment }));
