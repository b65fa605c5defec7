// Akismet's REST API (comment-check on write; submit-spam / submit-ham on a moderator's decision).
// Form-encoded requests, plain-text answers: "true" is spam, "false" is not, and the
// `X-akismet-pro-tip: discard` header marks blatant spam. Failures never block a comment.

export const AKISMET_URL = "https://rest.akismet.com";
const TIMEOUT_MS = 3_000;

export interface AkismetComment {
  blog: string;
  permalink: string | null;
  userIp: string | null;
  userAgent: string | null;
  author: string;
  email: string | null;
  website: string | null;
  content: string;
  /** `edit` when an edited comment is checked again (Akismet's `recheck_reason`). */
  recheckReason?: string | null;
}

function form(key: string, c: AkismetComment): URLSearchParams {
  const f = new URLSearchParams({
    api_key: key,
    blog: c.blog,
    comment_type: "comment",
    comment_author: c.author,
    comment_content: c.content,
  });
  if (c.permalink) f.set("permalink", c.permalink);
  if (c.userIp) f.set("user_ip", c.userIp);
  if (c.userAgent) f.set("user_agent", c.userAgent);
  if (c.email) f.set("comment_author_email", c.email);
  if (c.website) f.set("comment_author_url", c.website);
  if (c.recheckReason) f.set("recheck_reason", c.recheckReason);
  return f;
}

/** The `blog` Akismet knows a site by: its first exact origin (the same for checks and lessons). */
export const blogOf = (origins: string[]): string =>
  origins.find((o) => !o.endsWith(":*")) ?? origins[0] ?? "";

export type AkismetVerdict = "ham" | "spam" | "discard" | "unknown";

export async function commentCheck(
  base: string | undefined,
  key: string,
  c: AkismetComment,
): Promise<AkismetVerdict> {
  try {
    const res = await fetch(`${base ?? AKISMET_URL}/1.1/comment-check`, {
      method: "POST",
      body: form(key, c),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await res.text()).trim();
    if (text === "true") return res.headers.get("X-akismet-pro-tip") === "discard" ? "discard" : "spam";
    return text === "false" ? "ham" : "unknown";
  } catch {
    return "unknown";
  }
}

/** Teaches Akismet from a moderator's decision; best effort, in the background. */
export async function submit(base: string | undefined, key: string, kind: "spam" | "ham", c: AkismetComment) {
  try {
    await fetch(`${base ?? AKISMET_URL}/1.1/submit-${kind}`, {
      method: "POST",
      body: form(key, c),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    // Learning is optional; a lost submission costs nothing but a little accuracy.
  }
}
