// What a pull reads of a linked post, whatever its network: the replies under it, each with its id
// at the source and the id of the reply it answers (null for a direct reply to the linked post,
// which is itself not a comment), its public URL, its author and its content as HTML (the remote
// comment pipeline turns it into our Markdown and renders it with the one renderer).

import { isBlockedHost, isBlockedUrl } from "../../lib/blocked-sources.ts";

export interface SocialReply {
  id: string;
  parentId: string | null;
  url: string;
  author: { name: string; handle: string; url: string | null };
  html: string;
  /** When the network says it was posted (checked where it becomes a comment: sourceTime). */
  publishedAt: string | null;
}

export type Pulled =
  /** `complete`: every reply of the post is in `replies` (none was cut by a limit), so one that
   * is missing was deleted at its source and is removed here; otherwise nothing is removed. */
  | { ok: true; remoteRoot: string; replies: SocialReply[]; complete: boolean }
  | { ok: false; remoteRoot: string | null; error: string };

/** An author's name as a comment takes it: trimmed, at most LIMITS.nameMax characters. */
export const nameOf = (name: string, max: number) => [...name.trim()].slice(0, max).join("");

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Plain text as HTML paragraphs (a blank line) and line breaks. */
export const paragraphs = (html: string) =>
  html
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`)
    .join("");

/** A post's content warning, kept as a visible first line (the reply is shown, not hidden). */
export const warningLine = (text: string) => `<p>⚠ Content warning: ${escapeHtml(text)}</p>`;

/** The replies in an order where every parent comes before its replies, those whose parent is
 * not among them left out (their parent is not public, or was cut by a limit). */
export function parentsFirst(replies: SocialReply[], limit: number): SocialReply[] {
  const known = new Set<string>();
  const out: SocialReply[] = [];
  let pending = replies;
  while (pending.length > 0 && out.length < limit) {
    const next = pending.filter((r) => r.parentId !== null && !known.has(r.parentId));
    const ready = pending.filter((r) => r.parentId === null || known.has(r.parentId));
    if (ready.length === 0) break;
    for (const r of ready) {
      if (known.has(r.id) || out.length >= limit) continue;
      known.add(r.id);
      out.push(r);
    }
    pending = next;
  }
  return out;
}

/** The replies not from a blocked source, nor under one: a reply is blocked by its author's
 * domain (a Mastodon handle's instance, a Bluesky handle) or its own URL's host. */
export function unblocked(replies: SocialReply[], blocked: string[]): SocialReply[] {
  if (blocked.length === 0) return replies;
  const dropped = new Set<string>();
  const domain = (handle: string) => handle.replace(/^@/, "").split("@").pop() ?? "";
  return replies.filter((r) => {
    const out =
      (r.parentId !== null && dropped.has(r.parentId)) ||
      isBlockedHost(domain(r.author.handle), blocked) ||
      isBlockedUrl(r.id, blocked);
    if (out) dropped.add(r.id);
    return !out;
  });
}
