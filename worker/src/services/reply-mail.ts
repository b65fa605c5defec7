// Reply mails: an author who ticked "notify me" gets a confirmation mail first (double opt-in:
// nobody can subscribe someone else's address), then a mail for each approved reply to their
// comment, with an unsubscribe link in every mail, at most 10 an hour per address. Everything a
// commenter wrote is escaped: the mails are never a relay.
import type { Db } from "../db/database.ts";
import type { Site } from "../db/sites.ts";
import { getSubscription, mailsSince, markAsked, subscribedParentAuthor } from "../db/subscriptions.ts";
import { escapeHtml, type MailConfig, sendMail } from "../lib/mail.ts";
import { consentLink } from "../lib/signed-links.ts";
import { nowIso } from "../lib/time.ts";

const HOUR = 3600 * 1000;
const MAX_PER_HOUR = 10;

export interface ReplyNotice {
  id: string;
  status: string;
  parentId: string | null;
  authorName: string;
  email: string | null;
  notifyReplies: boolean;
  text: string;
  pageUrl: string | null;
  pageTitle: string | null;
}

export async function replyMails(
  db: Db,
  q: { site: Site; comment: ReplyNotice; baseUrl: string; secret: string; mail: MailConfig },
): Promise<void> {
  const { site, comment: c } = q;
  const nowMs = Date.now();
  const now = nowIso(nowMs);
  if (c.notifyReplies && c.email) {
    const sub = await getSubscription(db, site.id, c.email);
    const consented = sub?.confirmed_at && !sub.unsubscribed_at;
    const askedRecently = sub?.asked_at && Date.parse(sub.asked_at) > nowMs - 24 * HOUR;
    if (!consented && !askedRecently) {
      const link = await consentLink(q.baseUrl, q.secret, {
        action: "confirm",
        site: site.id,
        email: c.email,
        nowMs,
      });
      await markAsked(db, site.id, c.email, now).run();
      await sendMail(db, q.mail, {
        siteId: site.id,
        to: c.email,
        subject: `Confirm reply notifications from ${site.name}`,
        text: `Someone (hopefully you) asked to be told of replies on ${site.name}.\nConfirm: ${link}\nIf it was not you, ignore this mail: nothing more will be sent.`,
        html: `<p>Someone (hopefully you) asked to be told of replies on ${escapeHtml(site.name)}.</p>
<p><a href="${escapeHtml(link)}">Confirm reply notifications</a></p><p>If it was not you, ignore this mail: nothing more will be sent.</p>`,
      });
    }
  }
  if (c.status !== "approved" || !c.parentId) return;
  const parent = await subscribedParentAuthor(db, c.parentId);
  if (!parent || parent.email === c.email) return;
  if (((await mailsSince(db, parent.email, nowIso(nowMs - HOUR))) ?? 0) >= MAX_PER_HOUR) return;
  const unsubscribe = await consentLink(q.baseUrl, q.secret, {
    action: "unsubscribe",
    site: site.id,
    email: parent.email,
    nowMs,
  });
  const who = c.authorName || "Someone";
  const permalink = c.pageUrl ? `${c.pageUrl.replace(/#.*$/, "")}#comment-${c.id}` : null;
  await sendMail(db, q.mail, {
    siteId: site.id,
    to: parent.email,
    subject: `${who} replied to your comment on ${c.pageTitle ?? site.name}`.slice(0, 200),
    text: `${who} replied:\n\n${c.text}\n\n${permalink ? `Read it: ${permalink}\n` : ""}Unsubscribe: ${unsubscribe}`,
    html: `<p>${escapeHtml(who)} replied:</p><blockquote style="white-space:pre-wrap">${escapeHtml(c.text)}</blockquote>
${permalink ? `<p><a href="${escapeHtml(permalink)}">Read it on the page</a></p>` : ""}
<p style="font-size:small"><a href="${escapeHtml(unsubscribe)}">Unsubscribe from reply mails</a></p>`,
  });
}
