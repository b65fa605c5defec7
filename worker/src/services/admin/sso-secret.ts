// A site's SSO secret (docs/identity.md, "Site SSO"): made or rotated by the operator or the
// site's moderator, shown once in the answer and never again (the audit entry says only that it
// changed), and cleared to turn SSO off. Rotating replaces the secret in the same write, so a
// payload signed with the old one stops verifying at once; rotating or clearing also ends every
// session SSO opened (a secret is rotated because it may have leaked, and whoever held it could
// have signed anyone in). SSO signs readers in again without a step of theirs.
import { insertAudit } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { deleteSsoSessions } from "../../db/identities.ts";
import { setSsoSecret, ssoSecretOf } from "../../db/sites.ts";
import { type Actor, canSee } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { randomToken } from "../../lib/crypto.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";

/** The site's SSO state, for an actor that may see it. */
async function visibleSite(db: Db, actor: Actor, siteId: string) {
  const { site } = canSee(actor, siteId)
    ? await batch(db, { site: ssoSecretOf(db, siteId) })
    : { site: null };
  if (!site) throw new ApiError("not_found", "No such site.");
  return site;
}

async function writeSecret(db: Db, actor: Actor, siteId: string, secret: string | null, action: string) {
  const now = nowIso();
  await batch(db, {
    site: exec(setSsoSecret(db, siteId, secret, now)),
    sessions: exec(deleteSsoSessions(db, siteId)),
    audit: exec(insertAudit(db, auditOf(actor, now, { siteId, action, target: siteId }))),
  });
}

/** Makes a new secret for the site (replacing any old one) and answers it, once. */
export async function makeSsoSecret(db: Db, actor: Actor, siteId: string): Promise<string> {
  const site = await visibleSite(db, actor, siteId);
  const secret = randomToken();
  await writeSecret(db, actor, siteId, secret, site.secret ? "site.sso.rotate" : "site.sso.create");
  return secret;
}

/** Turns SSO off: payloads stop verifying, and the sessions SSO opened end. */
export async function clearSsoSecret(db: Db, actor: Actor, siteId: string): Promise<void> {
  const site = await visibleSite(db, actor, siteId);
  if (site.secret) await writeSecret(db, actor, siteId, null, "site.sso.delete");
}
