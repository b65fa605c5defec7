// A site's notification addresses need the consent of their owners: a token (a moderator's, or
// the operator's) can ask for an address, but it gets moderator mail only once its owner follows
// the signed link mailed to it. `notify_emails` stays the confirmed list, which is all the
// mail-sending code reads; the waiting list is db/notify-requests.ts.
import type { Db } from "../../db/database.ts";
import { purgeWithdrawn, requestsOf, upsertRequest, withdrawOthers } from "../../db/notify-requests.ts";
import type { Bindings } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import { keysOf } from "../../lib/keys.ts";
import { escapeHtml, mailConfig, sendMail } from "../../lib/mail.ts";
import { notifyConfirmLink } from "../../lib/signed-links.ts";
import { nowIso } from "../../lib/time.ts";

const DAY_MS = 24 * 3600 * 1000;
/** Confirmation mails a moderator token can cause per site and day (a whole list, once). */
export const SITE_MAILS_PER_DAY = 20;

/** What a site write needs from its request besides the database. */
export interface SiteContext {
  env: Bindings;
  /** The worker's own origin, for the links in mails. */
  baseUrl: string;
  /** Runs work after the answer (mail sending). */
  defer(task: Promise<unknown>): void;
}

export interface NotifyPlan {
  /** The new confirmed list: the confirmed addresses that stay on the list. */
  confirmed: string[];
  statements: D1PreparedStatement[];
  /** Addresses to send a confirmation link once the statements are written. */
  mail: { email: string; link: string }[];
}

/**
 * The change of a site's notification addresses to `wanted` (lower-cased, deduplicated): the
 * confirmed ones on it stay, the rest wait for their confirmation, and each waiting address not
 * mailed in the last day is mailed a link. Refuses (429) a moderator token that would cause more
 * than SITE_MAILS_PER_DAY confirmation mails for the site in a day.
 */
export async function planNotifyEmails(
  db: Db,
  q: { siteId: string; wanted: string[]; confirmed: string[]; operator: boolean; ctx: SiteContext },
): Promise<NotifyPlan> {
  const nowMs = Date.now();
  const now = nowIso(nowMs);
  const dayAgo = nowIso(nowMs - DAY_MS);
  const wanted = [...new Set(q.wanted.map((e) => e.toLowerCase()))];
  const confirmed = q.confirmed.filter((e) => wanted.includes(e.toLowerCase()));
  const known = new Set(confirmed.map((e) => e.toLowerCase()));
  const waiting = wanted.filter((e) => !known.has(e));
  const rows = new Map((await requestsOf(db, q.siteId)).map((r) => [r.email, r]));
  const mailedToday = (e: string) => (rows.get(e)?.mailed_at ?? "") > dayAgo;
  const toMail = waiting.filter((e) => !mailedToday(e));
  if (!q.operator)
    refuseOverDailyLimit(
      [...rows.values()].map((r) => r.mailed_at),
      toMail.length,
      nowMs,
    );
  const keys = keysOf(q.ctx.env);
  const mail = await Promise.all(
    toMail.map(async (email) => ({
      email,
      link: await notifyConfirmLink(q.ctx.baseUrl, keys, { site: q.siteId, email, nowMs }),
    })),
  );
  return {
    confirmed,
    mail,
    statements: [
      purgeWithdrawn(db, { siteId: q.siteId, mailedBefore: dayAgo }),
      withdrawOthers(db, { siteId: q.siteId, keep: waiting, now }),
      ...waiting.map((email) =>
        upsertRequest(db, { siteId: q.siteId, email, now, mailed: toMail.includes(email) }),
      ),
    ],
  };
}

function refuseOverDailyLimit(mailedAt: (string | null)[], more: number, nowMs: number): void {
  const recent = mailedAt.filter((t): t is string => t !== null && Date.parse(t) > nowMs - DAY_MS).sort();
  if (recent.length + more <= SITE_MAILS_PER_DAY) return;
  // When enough of today's mails are a day old for this request to fit.
  const frees = recent[Math.min(recent.length - 1, recent.length + more - SITE_MAILS_PER_DAY - 1)];
  const retryAfter = frees ? Math.max(1, Math.ceil((Date.parse(frees) + DAY_MS - nowMs) / 1000)) : 86_400;
  throw new ApiError(
    "rate_limited",
    `At most ${SITE_MAILS_PER_DAY} confirmation mails a day go out for a site; try again later.`,
    { headers: { "Retry-After": String(retryAfter) } },
  );
}

/** Sends the planned confirmation mails after the answer (each lands in the outbox). */
export function sendConfirmations(
  db: Db,
  ctx: SiteContext,
  site: { id: string; name: string },
  mail: NotifyPlan["mail"],
): void {
  if (mail.length === 0) return;
  const cfg = mailConfig(ctx.env);
  const subject = `Confirm moderator notifications from ${site.name}`.slice(0, 200);
  const task = Promise.all(
    mail.map(({ email, link }) =>
      sendMail(db, cfg, {
        siteId: site.id,
        to: email,
        subject,
        text: `Someone with access to the comment settings of ${site.name} (${site.id}) asked to send its moderator notifications to this address.\nConfirm: ${link}\nThe link works for 3 days. If you did not expect this, ignore this mail: nothing more will be sent.`,
        html: `<p>Someone with access to the comment settings of ${escapeHtml(site.name)} (${escapeHtml(site.id)}) asked to send its moderator notifications to this address.</p>
<p><a href="${escapeHtml(link)}">Confirm moderator notifications</a></p><p>The link works for 3 days. If you did not expect this, ignore this mail: nothing more will be sent.</p>`,
      }),
    ),
  ).catch((err) => console.error(JSON.stringify({ task: "notify-confirm-mail", error: String(err) })));
  ctx.defer(task);
}
