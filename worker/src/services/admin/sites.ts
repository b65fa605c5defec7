// Site settings: list, create (operator only) and update.

import type { SitePatch } from "../../../../shared/admin-schemas.ts";
import type { AdminSite } from "../../../../shared/admin-types.ts";
import { insertAudit } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getSite, listSites, type Site, writeSite } from "../../db/sites.ts";
import { type Actor, canSee, requireOperator } from "../../lib/admin-auth.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { normaliseOriginEntry } from "../../lib/origins.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";

const DEFAULTS: Omit<Site, "id" | "name" | "origins" | "createdAt" | "updatedAt"> = {
  moderation: "none",
  requireName: false,
  requireEmail: false,
  editWindowSeconds: 900,
  maxLength: 10_000,
  maxLinks: 2,
  minSubmitMs: 2_000,
  rateLimitPerMinute: 5,
  rateLimitPerHour: 30,
  blockedWords: [],
  blockedWordsAction: "hold",
  retentionDays: 90,
  turnstileSiteKey: null,
  notifyEmails: [],
  webhookUrl: null,
};

/** Exact origins, or scheme + host with any port; never a path, a suffix or another wildcard. */
function checkOrigins(origins: string[]): string[] {
  const out = origins.map(normaliseOriginEntry);
  const bad = out.indexOf(null);
  if (bad >= 0) throw validationError({ [`origins.${bad}`]: "invalid" });
  return out as string[];
}

export async function sitesFor(db: Db, actor: Actor): Promise<AdminSite[]> {
  return listSites(db, actor.sites);
}

export async function createSite(
  db: Db,
  actor: Actor,
  body: SitePatch & { id: string; name: string; origins: string[] },
): Promise<AdminSite> {
  requireOperator(actor);
  if (await getSite(db, body.id)) throw validationError({ id: "invalid" });
  const now = nowIso();
  const { turnstileSecret, webhookSecret, ...fields } = body;
  const site: Site = {
    ...DEFAULTS,
    ...fields,
    origins: checkOrigins(body.origins),
    createdAt: now,
    updatedAt: now,
  };
  await batch(db, {
    site: exec(...writeSite(db, site, { turnstileSecret, webhookSecret }, now)),
    audit: exec(
      insertAudit(db, auditOf(actor, now, { siteId: site.id, action: "site.create", target: site.id })),
    ),
  });
  return (await getSite(db, site.id)) ?? site;
}

export async function updateSite(db: Db, actor: Actor, id: string, body: SitePatch): Promise<AdminSite> {
  const current = canSee(actor, id) ? await getSite(db, id) : null;
  if (!current) throw new ApiError("not_found", "No such site.");
  const now = nowIso();
  const { turnstileSecret, webhookSecret, ...fields } = body;
  const site: Site = {
    ...current,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    origins: body.origins ? checkOrigins(body.origins) : current.origins,
    updatedAt: now,
  };
  const changed = Object.keys(body).filter((k) => k !== "turnstileSecret" && k !== "webhookSecret");
  await batch(db, {
    site: exec(...writeSite(db, site, { turnstileSecret, webhookSecret }, now)),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: id, action: "site.update", target: id, detail: { changed } }),
      ),
    ),
  });
  return (await getSite(db, id)) ?? site;
}
