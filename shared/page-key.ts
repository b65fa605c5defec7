// Page identity (design/api.md, "Page identity"). The widget and the worker both call this, so a
// page always maps to the same thread however its URL was decorated.

/** Query parameters that identify a campaign or a referrer, never a page. */
const TRACKING = new Set(["fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "ref", "ref_src"]);
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Decodes escapes of unreserved characters and upper-cases the hex of the rest (RFC 3986 6.2.2). */
function normaliseEscapes(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function paramName(pair: string): string {
  const raw = pair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw.replace(/\+/g, " ")).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

function isTracking(pair: string): boolean {
  const name = paramName(pair);
  return name.startsWith("utm_") || TRACKING.has(name);
}

function normalisePath(pathname: string): string {
  const path = normaliseEscapes(pathname)
    .replace(/\/+$/, "")
    .replace(/\/index\.html?$/, "")
    .replace(/\/+$/, "");
  return path === "" ? "/" : path;
}

function normaliseQuery(search: string): string {
  const pairs = search
    .replace(/^\?/, "")
    .split("&")
    .filter((p) => p !== "" && !isTracking(p))
    .map(normaliseEscapes);
  pairs.sort((a, b) => {
    const ka = a.split("=", 1)[0] ?? "";
    const kb = b.split("=", 1)[0] ?? "";
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return pairs.length ? `?${pairs.join("&")}` : "";
}

/** The key of a page URL: normalised path plus sorted, de-tracked query. Throws on a non-http(s) URL. */
export function pageKeyFromUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError("not an http(s) URL");
  return normalisePath(u.pathname) + normaliseQuery(u.search);
}

/** The thread key for a page: `id:` + pageId when the owner gave one, else the URL's key. */
export function pageKey(input: { url?: string | null; pageId?: string | null }): string {
  if (input.pageId) return `id:${input.pageId}`;
  if (!input.url) throw new TypeError("url or pageId is required");
  return pageKeyFromUrl(input.url);
}
