// A moderator's decision teaches Akismet: marking a comment spam sends submit-spam, approving a
// held or spam one sends submit-ham. The reader's address was never stored, so it is not sent.

import type { Site } from "../db/sites.ts";
import type { CommentFacts } from "../db/status-changes.ts";
import { blogOf, submit } from "../lib/akismet.ts";

export async function teachAkismet(
  akismet: { url: string | undefined; key: string } | null,
  kind: "spam" | "ham",
  site: Site,
  c: CommentFacts,
): Promise<void> {
  if (!akismet) return;
  await submit(akismet.url, akismet.key, kind, {
    blog: blogOf(site.origins),
    permalink: c.pageUrl ? `${c.pageUrl.replace(/#.*$/, "")}#comment-${c.id}` : null,
    userIp: null,
    userAgent: null,
    author: c.authorName,
    email: c.email,
    website: c.website,
    content: c.text,
  });
}
