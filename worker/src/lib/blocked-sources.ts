// A site's blocked sources (`blockedSources`): host names whose Webmentions and Mastodon and
// Bluesky replies the site refuses. A name blocks itself and every name under it, so
// `spam.example` covers `www.spam.example` but not `notspam.example`.

/** Whether `host` (as a URL writes it, or a Bluesky handle) is one of `blocked` or under one. */
export function isBlockedHost(host: string, blocked: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return blocked.some((b) => h === b || h.endsWith(`.${b}`));
}

/** Whether the URL's host is blocked; an unreadable URL is not (it is refused elsewhere). */
export function isBlockedUrl(url: string, blocked: string[]): boolean {
  if (blocked.length === 0) return false;
  try {
    return isBlockedHost(new URL(url).hostname, blocked);
  } catch {
    return false;
  }
}
