// A moderator's decision teaches Akismet: marking a comment spam sends submit-spam, approving a
// held one sends submit-ham. The reader's address was never stored, so it is not sent.
import type { AdminComment, AdminStatus } from "../../../shared/admin-types.ts";
import type { Bindings } from "../env.ts";
import { submit } from "../lib/akismet.ts";

export async function teachAkismet(env: Bindings, from: AdminStatus, c: AdminComment): Promise<void> {
  if (!env.AKISMET_API_KEY) return;
  const kind = c.status === "spam" ? "spam" : c.status === "approved" && from !== "approved" ? "ham" : null;
  if (!kind) return;
  await submit(env.AKISMET_URL, env.AKISMET_API_KEY, kind, {
    blog: c.threadUrl ? new URL(c.threadUrl).origin : c.site,
    permalink: c.threadUrl ? `${c.threadUrl.replace(/#.*$/, "")}#comment-${c.id}` : null,
    userIp: null,
    userAgent: null,
    author: c.author?.name ?? "",
    email: c.authorEmail,
    website: c.author?.website ?? null,
    content: c.text,
  });
}
