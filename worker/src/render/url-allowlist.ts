// Which link targets a comment may carry. An allowlist, not a blocklist: every scheme that is not
// named here (javascript:, data:, vbscript:, file:, anything new) is refused, and so are relative
// URLs, which would resolve against the host page.

const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);
// C0 and C1 controls and whitespace never belong in a link; browsers strip some of them from a
// scheme (`java\tscript:`), which is exactly how blocklists are bypassed.
const CONTROL_OR_SPACE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

export function isAllowedUrl(url: string): boolean {
  if (CONTROL_OR_SPACE.test(url)) return false;
  const scheme = url.match(/^([a-zA-Z][a-zA-Z0-9+.-]*):/)?.[1]?.toLowerCase();
  if (!scheme || !ALLOWED_SCHEMES.has(scheme)) return false;
  if (scheme === "mailto") return url.length > "mailto:".length;
  // `http:x` without `//` is relative to the host page when the page has the same scheme.
  if (url.slice(scheme.length + 1, scheme.length + 3) !== "//") return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
  } catch {
    return false;
  }
}
