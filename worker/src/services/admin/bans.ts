// Bans by email or by a comment's network hash, with reason and optional expiry.

import type { Ban } from "../../../../shared/admin-types.ts";
import { adminComment } from "../../db/admin-comments.ts";
import { insertAudit } from "../../db/audit.ts";
import { banById, deleteBan, insertBan, listBans } from "../../db/bans.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getSite } from "../../db/sites.ts";
import { type Actor, canSee, scope } from "../../lib/admin-auth.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { timeId } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";

export async function bansOf(db: Db, actor: Actor, site: string): Promise<Ban[]> {
  scope(actor, site);
  return listBans(db, site);
}

export async function createBan(
  db: Db,
  actor: Actor,
  b: {
    site: string;
    kind: "ip" | "email";
    fromComment?: string;
    value?: string;
    reason?: string | null;
    expiresAt?: string | null;
  },
): Promise<Ban> {
  scope(actor, b.site);
  if (!(await getSite(db, b.site))) throw new ApiError("not_found", "No such site.");
  let value = b.value?.toLowerCase() ?? null;
  if (b.fromComment) {
    const { comment } = await batch(db, { comment: adminComment(db, b.fromComment) });
    if (!comment || comment.site !== b.site) throw validationError({ fromComment: "invalid" });
    value = b.kind === "email" ? comment.authorEmail : comment.networkHash;
    // The comment carries nothing to ban by (no email given, or an erased network hash).
    if (!value) throw validationError({ fromComment: "invalid" });
  }
  if (!value) throw validationError({ value: "required" });
  const now = nowIso();
  const ban: Ban = {
    id: timeId(),
    site: b.site,
    kind: b.kind,
    value,
    reason: b.reason ?? null,
    expiresAt: b.expiresAt ?? null,
    createdAt: now,
  };
  await batch(db, {
    ban: exec(insertBan(db, ban)),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, {
          siteId: b.site,
          action: "ban.create",
          target: ban.id,
          detail: { kind: b.kind, reason: ban.reason },
        }),
      ),
    ),
  });
  return ban;
}

export async function removeBan(db: Db, actor: Actor, id: string): Promise<void> {
  const { ban } = await batch(db, { ban: banById(db, id) });
  if (!ban || !canSee(actor, ban.site)) throw new ApiError("not_found", "No such ban.");
  const now = nowIso();
  await batch(db, {
    ban: exec(deleteBan(db, id)),
    audit: exec(insertAudit(db, auditOf(actor, now, { siteId: ban.site, action: "ban.delete", target: id }))),
  });
}
