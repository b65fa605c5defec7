// A transition is one comment's status change as the database made it: from its status before
// (null for a new comment) to its status after ("erased" when its data is gone). Every entry point
// that changes a status (reader post, edit and delete; admin PATCH, bulk and erase; mail links;
// imports) reports its transitions, and effects.ts alone decides what follows from them.
import type { CommentStatus } from "../../../../shared/types.ts";
import type { CommentFacts } from "../../db/status-changes.ts";

export type { CommentFacts };

/** Who made the change: effects differ (a moderator's decision teaches Akismet; imports notify nobody). */
export type By =
  | { kind: "reader" }
  | { kind: "moderator"; label: string }
  | { kind: "import" }
  /** The daily cleanup: spam past its retention (services/spam-retention.ts). */
  | { kind: "cleanup" }
  /** Readers' reports reached the site's threshold: `count` distinct readers, their reasons. */
  | { kind: "reports"; count: number; reasons: string[] };

export interface Transition {
  from: CommentStatus | null;
  to: CommentStatus | "erased";
  by: By;
  /** The comment as the effects need it: after the change for new and edited comments, before
   * it for decisions and erasure (whose text is gone afterwards). */
  comment: CommentFacts;
}

/** The transitions of a batch: the facts read before it, for the ids it changed. */
export function transitionsOf(
  before: CommentFacts[],
  changed: { id: string }[],
  to: Transition["to"],
  by: By,
): Transition[] {
  const ids = new Set(changed.map((c) => c.id));
  return before.filter((c) => ids.has(c.id)).map((comment) => ({ from: comment.status, to, by, comment }));
}
