// Site settings: list, create (operator only) and update, within what the token may change
// (site-rules.ts), with new notification addresses waiting for their consent (notify-emails.ts).

import type { SitePatch } from "../../../../shared/admin-schemas.ts";
import type { AdminSite } from "../../../../shared/admin-types.ts";
import { DEFAULT_REACTIONS } from "../../../../shared/reactions.ts";
import { insertAudit } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getAdminSite, getSite, listSites, type Site, writeSite } from "../../db/sites.ts";
import { type Actor, canSee, requireOperator } from "../../lib/admin-auth.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { normaliseOriginEntry } from "../../lib/origins.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";
import { type NotifyPlan, planNotifyEmails, type SiteContext, sendConfirmations } from "./notify-emails.ts";
import { checkSiteChange } from "./site-rules.ts";

export type { SiteContext };

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
  posting: "anyone",
  reservedNames: [],
  blockedSources: [],
  signIn: ["email", "passkey"],
  ssoEnabled: false,
  reactions: [...DEFAULT_REACTIONS],
  reportThreshold: 3,
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
  ctx: SiteContext,
): Promise<AdminSite> {
  requireOperator(actor);
  if (await getSite(db, body.id)) throw validationError({ id: "invalid" });
  checkSiteChange(actor, null, body, ctx.env);
  const now = nowIso();
  const { turnstileSecret, webhookSecret, ...fields } = body;
  const plan = await notifyPlan(db, actor, body.id, body.notifyEmails, [], ctx);
  const site: Site = {
    ...DEFAULTS,
    ...fields,
    origins: checkOrigins(body.origins),
    notifyEmails: plan?.confirmed ?? [],
    createdAt: now,
    updatedAt: now,
  };
  await batch(db, {
    site: exec(...writeSite(db, site, { turnstileSecret, webhookSecret }, now)),
    notify: exec(...(plan?.statements ?? [])),
    audit: exec(
      insertAudit(db, auditOf(actor, now, { siteId: site.id, action: "site.create", target: site.id })),
    ),
  });
  if (plan) sendConfirmations(db, ctx, site, plan.mail);
  return answer(db, site);
}

export async function updateSite(
  db: Db,
  actor: Actor,
  id: string,
  body: SitePatch,
  ctx: SiteContext,
): Promise<AdminSite> {
  const current = canSee(actor, id) ? await getSite(db, id) : null;
  if (!current) throw new ApiError("not_found", "No such site.");
  checkSiteChange(actor, current, body, ctx.env);
  const now = nowIso();
  const { turnstileSecret, webhookSecret, ...fields } = body;
  const plan = await notifyPlan(db, actor, id, body.notifyEmails, current.notifyEmails, ctx);
  const site: Site = {
    ...current,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    origins: body.origins ? checkOrigins(body.origins) : current.origins,
    notifyEmails: plan?.confirmed ?? current.notifyEmails,
    updatedAt: now,
  };
  const changed = Object.keys(body).filter((k) => k !== "turnstileSecret" && k !== "webhookSecret");
  await batch(db, {
    site: exec(...writeSite(db, site, { turnstileSecret, webhookSecret }, now)),
    notify: exec(...(plan?.statements ?? [])),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: id, action: "site.update", target: id, detail: { changed } }),
      ),
    ),
  });
  if (plan) sendConfirmations(db, ctx, site, plan.mail);
  return answer(db, site);
}

function notifyPlan(
  db: Db,
  actor: Actor,
  siteId: string,
  wanted: string[] | undefined,
  confirmed: string[],
  ctx: SiteContext,
): Promise<NotifyPlan> | null {
  if (wanted === undefined) return null;
  return planNotifyEmails(db, { siteId, wanted, confirmed, operator: actor.operator, ctx });
}

async function answer(db: Db, site: Site): Promise<AdminSite> {
  return (await getAdminSite(db, site.id)) ?? { ...site, notifyEmailsPending: [] };
}
