// Decisions from a mail's one-click link: the link names the comment's `updated_at` when the mail
// went out, and acts only while the comment is still exactly so (in the same statement as the
// change), so a link cannot be replayed after a later decision, an edit or its own use.
import type { AdminStatus } from "../../../../shared/admin-types.ts";
import { insertAuditIfChanged } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { type CommentFacts, selectFacts } from "../../db/status-changes.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "../admin/audit-id.ts";
import { decided, decisionSteps } from "./decisions.ts";
import type { Transition } from "./transitions.ts";

const MAIL_LINK: Actor = { label: "mail link", sites: null, operator: false };
const used = () =>
  new ApiError(
    "link_used",
    "This link was used already, or the comment has changed since; moderate in the dashboard.",
  );

/** Throws 404 for a comment that is gone, 410 `link_used` for one that changed since the mail. */
export async function linkStillFresh(db: Db, id: string, stamp: number): Promise<CommentFacts> {
  const { facts } = await batch(db, { facts: selectFacts(db, [id]) });
  const comment = facts[0];
  if (!comment) throw new ApiError("not_found", "This comment does not exist.");
  if (Date.parse(comment.updatedAt) !== stamp) throw used();
  return comment;
}

export async function decideByLink(
  db: Db,
  q: { id: string; status: AdminStatus; stamp: number },
): Promise<Transition[]> {
  const comment = await linkStillFresh(db, q.id, q.stamp);
  const now = nowIso();
  const { before, changed, reviewed } = decisionSteps(db, {
    ...{ actor: MAIL_LINK, ids: [q.id], status: q.status, now },
    unchangedSince: nowIso(q.stamp),
  });
  const values = await batch(db, {
    before,
    changed,
    reviewed,
    audit: exec(
      insertAuditIfChanged(
        db,
        auditOf(MAIL_LINK, now, {
          ...{ siteId: comment.siteId, action: "comment.update", target: q.id },
          detail: { status: q.status, from: comment.status },
        }),
      ),
    ),
  });
  // Another click or decision won the race between the check and the change.
  if (values.changed.length === 0) throw used();
  return decided(MAIL_LINK, q.status, values);
}
