// The Mastodon and Bluesky posts a moderator may link to a thread (docs/api.md, "Threads"): which
// URLs are a post, and what the API of its network needs of it. One place for the rule, used by
// the admin schema and by the pull that reads the post's replies.

export type SocialKind = "mastodon" | "bluesky";

export type SocialPost =
  /** A status on its instance: `https://host/@user/123` or `https://host/users/user/statuses/123`. */
  | { kind: "mastodon"; url: string; origin: string; statusId: string }
  /** A post on bsky.app: `https://bsky.app/profile/<handle or DID>/post/<rkey>`. */
  | { kind: "bluesky"; url: string; actor: string; rkey: string };

export const SOCIAL_URL_MAX = 500;
/** How many posts one thread may be linked to. */
export const SOCIAL_LINKS_MAX = 10;

const USER = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}";
const DOMAIN = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}";
const MASTODON_PATHS = [
  new RegExp(`^/@${USER}(?:@${DOMAIN})?/(\\d{1,24})$`),
  new RegExp(`^/users/${USER}/statuses/(\\d{1,24})$`),
];
const HANDLE = new RegExp(`^${DOMAIN}$`);
/** A Bluesky handle (a DNS name), as it may be written into a bsky.app URL. */
export const isHandle = (s: string) => s.length <= 253 && HANDLE.test(s);
const DID = /^did:(?:plc:[a-z2-7]{24}|web:[A-Za-z0-9.-]{1,253})$/;
const BLUESKY_PATH = /^\/profile\/([^/]{1,253})\/post\/([A-Za-z0-9._~:-]{1,512})$/;

/** The post a link names, or null when `url` is not a post of that network. */
export function parseSocialUrl(kind: SocialKind, raw: string): SocialPost | null {
  if (raw.length > SOCIAL_URL_MAX) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" || u.username || u.password || u.port) return null;
  if (kind === "mastodon") {
    if (!HANDLE.test(u.hostname)) return null;
    const id = MASTODON_PATHS.map((p) => p.exec(u.pathname)?.[1]).find((m) => m !== undefined);
    return id ? { kind, url: `${u.origin}${u.pathname}`, origin: u.origin, statusId: id } : null;
  }
  if (u.hostname !== "bsky.app") return null;
  const m = BLUESKY_PATH.exec(u.pathname);
  const actor = m?.[1] ? decodeURIComponent(m[1]) : null;
  if (!m?.[2] || !actor || !(HANDLE.test(actor) || DID.test(actor))) return null;
  return { kind, url: `${u.origin}${u.pathname}`, actor: actor.toLowerCase(), rkey: m[2] };
}

/** The network a post URL belongs to, for forms that take URLs only (the CLI, the dashboard):
 * bsky.app is Bluesky, any other host Mastodon (whose URL is then checked as a status). */
export const socialKindOf = (url: string): SocialKind =>
  /^https:\/\/bsky\.app\//i.test(url.trim()) ? "bluesky" : "mastodon";
