// After a comment is written: mail the site's moderators (with signed one-click links) and queue
// the `comment.created` webhook. Runs after the answer, in the background.
import type { Db } from "../db/database.ts";
import type { Site } from "../db/sites.ts";
import { escapeHtml, type MailConfig, sendMail } from "../lib/mail.ts";
import { signedLink } from "../lib/signed-links.ts";
import { type ReplyNotice, replyMails } from "./reply-mail.ts";
import { queueWebhook, type WebhookContext } from "./webhooks.ts";

export type NewCommentNotice = ReplyNotice;

export async function notifyNewComment(
  db: Db,
  q: {
    site: Site;
    comment: NewCommentNotice;
    baseUrl: string;
    secret: string;
    mail: MailConfig;
    webhooks: WebhookContext;
  },
): Promise<void> {
  const { site, comment } = q;
  const tasks: Promise<unknown>[] = [
    replyMails(db, { site, comment, baseUrl: q.baseUrl, secret: q.secret, mail: q.mail }),
    queueWebhook(db, q.webhooks, site, "comment.created", {
      id: comment.id,
      status: comment.status,
      author: comment.authorName,
      text: comment.text,
      pageUrl: comment.pageUrl,
    }),
  ];
  if (site.notifyEmails.length > 0) {
    const now = Date.now();
    const actions =
      comment.status === "pending" ? (["approve", "spam", "delete"] as const) : (["spam", "delete"] as const);
    const links = await Promise.all(
      actions.map(async (a) => [a, await signedLink(q.baseUrl, q.secret, a, comment.id, now)] as const),
    );
    const page = comment.pageTitle ?? comment.pageUrl ?? site.name;
    const who = comment.authorName || "Anonymous";
    const held = comment.status === "pending" ? " (awaiting approval)" : "";
    const subject = `New comment by ${who} on ${page}${held}`.slice(0, 200);
    const text = [
      `${who} commented on ${comment.pageUrl ?? page}${held}:`,
      "",
      comment.text,
      "",
      ...links.map(([a, url]) => `${a}: ${url}`),
    ].join("\n");
    const html = `<p>${escapeHtml(who)} commented on ${escapeHtml(page)}${held}:</p>
<blockquote style="white-space:pre-wrap">${escapeHtml(comment.text)}</blockquote>
<p>${links.map(([a, url]) => `<a href="${escapeHtml(url)}">${a}</a>`).join(" · ")}</p>`;
    for (const to of site.notifyEmails)
      tasks.push(sendMail(db, q.mail, { siteId: site.id, to, subject, text, html }));
  }
  await Promise.all(tasks);
}
