import type { PublicComment, PublicSite } from "../../../shared/types.ts";
import { ownComment } from "../own-store.ts";
import { sessionOf } from "./session.ts";

/**
 * How the reader may change `comment`: the edit token this browser kept when posting it, or else
 * the session of the identity that posted it. The public comment names no identity, but a verified
 * author's avatar is their identity's own (docs/api.md), so the session's avatar tells it; the
 * API checks the token either way. null when neither holds, or the edit window has closed.
 */
export function changeToken(api: string, site: PublicSite, comment: PublicComment): string | null {
  const own = ownComment(comment.id);
  if (own) return own.editToken;
  const session = sessionOf(api, site.id);
  const open = Date.parse(comment.createdAt) + site.editWindowSeconds * 1000 > Date.now();
  const theirs = comment.author?.verified && comment.author.avatar === session?.identity.avatar;
  return session && theirs && open ? session.token : null;
}

/** The text to edit when this browser has no Markdown of its own: the rendered comment's words. */
export function textOf(html: string): string {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  const blocks = Array.from(body.children, (el) => el.textContent?.trim() ?? "").filter(Boolean);
  return blocks.length ? blocks.join("\n\n") : (body.textContent ?? "").trim();
}
