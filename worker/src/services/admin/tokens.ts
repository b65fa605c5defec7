// Moderator tokens, minted, listed and revoked by the operator only.

import { insertAudit } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { listSites } from "../../db/sites.ts";
import { deleteToken, insertToken, listTokens } from "../../db/tokens.ts";
import { type Actor, requireOperator } from "../../lib/admin-auth.ts";
import { validationError } from "../../lib/api-error.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";
import { timeId } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";

export async function tokensFor(db: Db, actor: Actor) {
  requireOperator(actor);
  return listTokens(db);
}

export async function mintToken(db: Db, actor: Actor, body: { label: string; sites: string[] }) {
  requireOperator(actor);
  const sites = [...new Set(body.sites)];
  const known = await listSites(db, sites);
  if (known.length !== sites.length) throw validationError({ sites: "invalid" });
  const token = randomToken();
  const id = timeId();
  const now = nowIso();
  await batch(db, {
    token: exec(insertToken(db, { id, label: body.label, hash: await sha256Hex(token), sites, now })),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, {
          siteId: null,
          action: "token.create",
          target: id,
          detail: { label: body.label, sites },
        }),
      ),
    ),
  });
  return { token, id };
}

export async function revokeToken(db: Db, actor: Actor, id: string): Promise<boolean> {
  requireOperator(actor);
  if (!(await listTokens(db)).some((t) => t.id === id)) return false;
  const now = nowIso();
  const { deleted } = await batch(db, {
    deleted: deleteToken(db, id),
    audit: exec(insertAudit(db, auditOf(actor, now, { siteId: null, action: "token.delete", target: id }))),
  });
  return deleted;
}
