// Readers' reports on a comment. After the site's `reportThreshold` distinct readers (the reader
// key of likes) the comment is held, through the moderation module like any hold, so its effects
// (the `comment.reported` webhook, the moderators' mail) run from its transition. A moderator's
// decision clears the reports before it: a comment approved after reports needs as many new ones.
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { reserveSlot } from "../db/rate-slots.ts";
import { fileReport } from "../db/reports.ts";
import { siteOfComment } from "../db/sites.ts";
import { changeStatus, selectFacts } from "../db/status-changes.ts";
import { commentScope } from "../db/thread-page.ts";
import { ApiError } from "../lib/api-error.ts";
import type { Keys } from "../lib/keys.ts";
import { readerKey } from "../lib/reader-key.ts";
import type { ReadScope } from "../lib/reads/changed.ts";
import { nowIso } from "../lib/time.ts";
import { checkRate } from "../spam/pipeline.ts";
import { type Transition, transitionsOf } from "./moderation/transitions.ts";

/** Report calls per network (api.md): far above a reader's, far below a flood's. */
export const REPORT_LIMITS = { perMinute: 10, perHour: 60 };

export const reportedReason = (n: number) => `reported by ${n} readers`;

export async function report(
  db: Db,
  q: {
    commentId: string;
    reason: string;
    reader: string;
    keys: Keys;
    network: string | null;
    admit: (origins: string[]) => void;
  },
): Promise<{ transitions: Transition[]; changed: ReadScope | null }> {
  const { scope, site } = await batch(db, {
    scope: commentScope(db, q.commentId),
    site: siteOfComment(db, q.commentId),
  });
  const notReportable = () => new ApiError("not_found", "This comment does not exist or cannot be reported.");
  if (scope?.status !== "approved" || !site) throw notReportable();
  q.admit(JSON.parse(scope.origins) as string[]);
  const nowMs = Date.now();
  const { slot } = await batch(db, {
    slot: reserveSlot(db, { key: `report:${q.network ?? "unknown"}`, limits: REPORT_LIMITS, nowMs }),
  });
  checkRate(slot, "Too many reports from your network. Please wait a minute.");
  const now = nowIso(nowMs);
  const { state } = await batch(db, {
    state: fileReport(db, {
      commentId: q.commentId,
      readerHash: await readerKey(q.keys, q.network, q.reader),
      reason: q.reason,
      now,
    }),
  });
  // Held or deleted meanwhile: nothing was filed.
  if (state?.status !== "approved") throw notReportable();
  if (state.open < site.reportThreshold) return { transitions: [], changed: null };
  // Only from approved: of two reports that both reach the threshold, one holds it.
  const held = await batch(db, {
    before: selectFacts(db, [q.commentId]),
    changed: changeStatus(db, {
      ids: [q.commentId],
      status: "pending",
      reasons: [reportedReason(state.open)],
      now,
      moderated: false,
      onlyFrom: ["approved"],
    }),
  });
  const by = { kind: "reports", count: state.open, reasons: state.reasons } as const;
  // The effects see the comment as held (the mail's links are signed with its new `updated_at`).
  const transitions = transitionsOf(held.before, held.changed, "pending", by).map((t) => ({
    ...t,
    comment: { ...t.comment, status: "pending" as const, updatedAt: now },
  }));
  return {
    transitions,
    changed: held.changed.length ? { siteId: scope.site_id } : null,
  };
}
