// Origin matching. Exact by design: `https://blog.example.com.evil.net` must never match
// `https://blog.example.com`, so there is no suffix or substring logic anywhere. The one
// pattern is a scheme+host with any port (`http://localhost:*`), for local development.

/** The canonical origin of an http(s) URL or Origin header, or null when it is not one. */
export function canonicalOrigin(value: string | null | undefined): string | null {
  if (!value || value === "null") return null;
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The stored origin entries that would admit `origin`: itself and its any-port pattern. */
export function originCandidates(origin: string): [string, string] {
  const u = new URL(origin);
  return [origin, `${u.protocol}//${u.hostname}:*`];
}

// A hostname as the URL parser leaves it: letters, digits, dots and hyphens (IDNs arrive as
// punycode), or a bracketed IPv6 address. Anything else (`*`, `_`…) is not a real origin.
const HOSTNAME = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/** Validates an origin entry a site owner configures; returns it canonicalised or null. */
export function normaliseOriginEntry(entry: string): string | null {
  const host = entry.match(/^https?:\/\/([^/:]+|\[[^\]]+\])/i)?.[1];
  if (!host) return null;
  try {
    if (!HOSTNAME.test(new URL(`http://${host}`).hostname)) return null;
  } catch {
    return null;
  }
  const wildcard = entry.match(/^(https?:\/\/[^/:]+):\*$/i);
  if (wildcard?.[1]) {
    const base = canonicalOrigin(wildcard[1]);
    return base ? `${base}:*` : null;
  }
  try {
    const u = new URL(entry);
    const bare = u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password;
    return bare ? canonicalOrigin(entry) : null;
  } catch {
    return null;
  }
}
