// Reply mails: a signed-in author with a verified address who ticked "notify me" (signing in is
// the opt-in: nobody can subscribe someone else's address, db/subscriptions.ts) gets one mail for
// each reply to their comment once that reply is approved (at once or later), with an unsubscribe
// link in every mail, at most 10 an hour per address. Anonymous comments get none: a typed address
// proves nothing. Everything a commenter wrote is escaped: the mails are never a relay.
import { batch } from "../db/batch.ts";
import type { Site } from "../db/sites.ts";
import type { CommentFacts } from "../db/status-changes.ts";
import { claimReplyMail, mailsSince } from "../db/subscriptions.ts";
import { escapeHtml, sendMail } from "../lib/mail.ts";
import { consentLink } from "../lib/signed-links.ts";
import { nowIso } from "../lib/time.ts";
import type { EffectsEnv } from "./moderation/effects.ts";

const HOUR = 3600 * 1000;
const MAX_PER_HOUR = 10;

/** The mail to the parent's author for an approved reply, once. */
export async function replyMail(env: EffectsEnv, site: Site, c: CommentFacts): Promise<void> {
  const nowMs = Date.now();
  const { parent } = await batch(env.db, { parent: claimReplyMail(env.db, c.id, nowIso(nowMs)) });
  if (!parent || parent.email === c.email) return;
  if (((await mailsSince(env.db, parent.email, nowIso(nowMs - HOUR))) ?? 0) >= MAX_PER_HOUR) return;
  const unsubscribe = await consentLink(env.baseUrl, env.keys, {
    action: "unsubscribe",
    site: site.id,
    email: parent.email,
    nowMs,
  });
  const who = c.authorName || "Someone";
  const permalink = c.pageUrl ? `${c.pageUrl.replace(/#.*$/, "")}#comment-${c.id}` : null;
  await sendMail(env.db, env.mail, {
    siteId: site.id,
    commentId: c.id,
    to: parent.email,
    subject: `${who} replied to your comment on ${c.pageTitle ?? site.name}`.slice(0, 200),
    text: `${who} replied:\n\n${c.text}\n\n${permalink ? `Read it: ${permalink}\n` : ""}Unsubscribe: ${unsubscribe}`,
    html: `<p>${escapeHtml(who)} replied:</p><blockquote style="white-space:pre-wrap">${escapeHtml(c.text)}</blockquote>
${permalink ? `<p><a href="${escapeHtml(permalink)}">Read it on the page</a></p>` : ""}
<p style="font-size:small"><a href="${escapeHtml(unsubscribe)}">Unsubscribe from reply mails</a></p>`,
  });
}
