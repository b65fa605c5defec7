// Spam retention: the daily cleanup erases spam comments SPAM_RETENTION_DAYS (default 30) after
// they became spam, as a moderator's erase does (db/erase.ts), so a spammer's text, address and
// network hash, and a wrongly caught reader's, are not kept for good. Moderators have that long to
// review the spam list and approve a false positive. Each erase is audited ("spam retention") and
// has the effects of any erase (a `comment.deleted` webhook); a spam comment that still has
// replies stays as a placeholder, like every erased comment.
import { insertAuditIfChanged } from "../db/audit.ts";
import { batch, exec, type Step } from "../db/batch.ts";
import { spamBefore } from "../db/cleanup.ts";
import type { Db } from "../db/database.ts";
import type { CommentFacts } from "../db/status-changes.ts";
import { afterAnswer } from "../lib/after-answer.ts";
import type { WorkContext } from "../lib/background.ts";
import { timeId } from "../lib/ids.ts";
import { readsChanged } from "../lib/reads/changed.ts";
import { nowIso } from "../lib/time.ts";
import { eraseSteps } from "./moderation/decisions.ts";
import type { Transition } from "./moderation/transitions.ts";

export const SPAM_RETENTION_DAYS = 30;
/** The audit log's actor for these erasures. */
export const SPAM_RETENTION_ACTOR = "spam retention";
const PER_ROUND = 10;
/** Bounded rounds keep one run inside the Workers limits; the next day continues. */
const ROUNDS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** The setting as days (a whole number ≥ 1), else 30. */
export function spamRetention(setting: string | undefined): number {
  const days = Number(setting);
  return Number.isInteger(days) && days >= 1 ? days : SPAM_RETENTION_DAYS;
}

/** Erases the spam older than the retention; answers how many comments were erased. */
export async function eraseOldSpam(c: WorkContext, nowMs: number = Date.now()): Promise<number> {
  const before = nowIso(nowMs - spamRetention(c.env.SPAM_RETENTION_DAYS) * DAY_MS);
  const transitions: Transition[] = [];
  const sites = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const { due } = await batch(c.var.db, { due: spamBefore(c.var.db, before, PER_ROUND) });
    const erased = await eraseRound(c, due);
    transitions.push(...erased);
    for (const { siteId } of due) sites.add(siteId);
    if (due.length < PER_ROUND) break;
  }
  for (const siteId of sites) readsChanged(c, { siteId });
  afterAnswer(c, transitions);
  return transitions.length;
}

/** One batch: each comment's erase steps and its audit row, under "<id>.<step>". */
async function eraseRound(c: WorkContext, due: { id: string; siteId: string }[]): Promise<Transition[]> {
  if (due.length === 0) return [];
  const db = c.var.db;
  const now = nowIso();
  const steps = Object.fromEntries(due.flatMap(({ id, siteId }) => stepsOf(db, { id, siteId, now })));
  const values = await batch(db, steps);
  return due.flatMap(({ id }) =>
    (values[`${id}.changed`] as { id: string }[]).length === 0
      ? []
      : (values[`${id}.before`] as CommentFacts[]).map(
          (comment): Transition => ({ from: comment.status, to: "erased", by: { kind: "cleanup" }, comment }),
        ),
  );
}

/** One comment's steps, the audit row after its status change (written only if that happened)
 * and before the row may go. */
function stepsOf(db: Db, q: { id: string; siteId: string; now: string }): [string, Step<unknown>][] {
  const { row, ...rest } = eraseSteps(db, { id: q.id, now: q.now, onlySpam: true });
  const audit = insertAuditIfChanged(db, {
    ...{ id: timeId(Date.parse(q.now)), siteId: q.siteId, actor: SPAM_RETENTION_ACTOR },
    ...{ action: "comment.erase", target: q.id, detail: {}, at: q.now },
  });
  return [...Object.entries(rest), ["audit", exec(audit)] as const, ["row", row] as const].map(
    ([k, step]) => [`${q.id}.${k}`, step as Step<unknown>],
  );
}
