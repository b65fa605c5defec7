// The site's moderators hear of a new comment, and of a published comment that an edit put back
// in the queue, with one-click links signed for the comment as it is now (lib/signed-links.ts):
// a later change of the comment uses them up.
import type { Site } from "../db/sites.ts";
import type { CommentFacts } from "../db/status-changes.ts";
import { escapeHtml, sendMail } from "../lib/mail.ts";
import { type LinkAction, signedLink } from "../lib/signed-links.ts";
import type { EffectsEnv } from "./moderation/effects.ts";

export async function notifyModerators(
  env: EffectsEnv,
  site: Site,
  comment: CommentFacts,
  how: { edited: boolean; reported?: number },
): Promise<void> {
  if (site.notifyEmails.length === 0) return;
  const held = comment.status === "pending";
  const actions: LinkAction[] = held ? ["approve", "spam", "delete"] : ["spam", "delete"];
  const nowMs = Date.now();
  const links = await Promise.all(
    actions.map(
      async (action) =>
        [
          action,
          await signedLink(env.baseUrl, env.keys, {
            action,
            id: comment.id,
            updatedAt: comment.updatedAt,
            nowMs,
          }),
        ] as const,
    ),
  );
  const page = comment.pageTitle ?? comment.pageUrl ?? site.name;
  const who = comment.authorName || "Anonymous";
  const verb = how.reported
    ? `was reported by ${how.reported} readers, for a comment`
    : how.edited
      ? "edited a comment"
      : "commented";
  const note = held ? " (awaiting approval)" : "";
  const kind = how.reported ? "Reported comment" : how.edited ? "Edited comment" : "New comment";
  const subject = `${kind} by ${who} on ${page}${note}`.slice(0, 200);
  const text = [
    `${who} ${verb} on ${comment.pageUrl ?? page}${note}:`,
    "",
    comment.text,
    "",
    ...links.map(([a, url]) => `${a}: ${url}`),
  ].join("\n");
  const html = `<p>${escapeHtml(who)} ${verb} on ${escapeHtml(page)}${note}:</p>
<blockquote style="white-space:pre-wrap">${escapeHtml(comment.text)}</blockquote>
<p>${links.map(([a, url]) => `<a href="${escapeHtml(url)}">${a}</a>`).join(" · ")}</p>`;
  await Promise.all(
    site.notifyEmails.map((to) =>
      sendMail(env.db, env.mail, { siteId: site.id, commentId: comment.id, to, subject, text, html }),
    ),
  );
}
