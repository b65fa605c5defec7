import type { AuditInput } from "../../db/audit.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { timeId } from "../../lib/ids.ts";

/** An audit row for this actor's action, stamped now. */
export function auditOf(
  actor: Actor,
  now: string,
  e: { siteId: string | null; action: string; target: string; detail?: Record<string, unknown> },
): AuditInput {
  return { id: timeId(Date.parse(now)), actor: actor.label, at: now, detail: {}, ...e };
}
