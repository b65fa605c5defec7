// Fetching a Webmention's source: a URL anyone can name, so every request the worker makes for it
// passes the outbound rule of webhooks (lib/public-url.ts: outside development, https: and a
// public DNS name only), redirects are followed by hand with each hop checked again, the whole
// fetch has a time limit, and the body is read as a stream and dropped past a size limit.
import { outboundUrlProblem } from "../../lib/public-url.ts";
import { textUpTo } from "../../lib/read-limited.ts";

export const SOURCE_LIMITS = {
  /** The most of a source page that is read (1 MB): an h-entry is a few kilobytes. */
  bytes: 1_000_000,
  /** All hops together, body included. */
  ms: 10_000,
  redirects: 5,
} as const;

export type Fetched =
  | { kind: "page"; url: string; html: string }
  /** 410 Gone: the post was taken down (its comment is removed). */
  | { kind: "gone" }
  | { kind: "refused"; reason: string };

const HTML_TYPES = ["text/html", "application/xhtml+xml"];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function page(res: Response, url: string): Promise<Fetched> {
  if (res.status === 410) return { kind: "gone" };
  if (!res.ok) return { kind: "refused", reason: `the source answered HTTP ${res.status}` };
  const type = (res.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!HTML_TYPES.includes(type)) return { kind: "refused", reason: "the source is not an HTML page" };
  const declared = Number(res.headers.get("Content-Length") ?? "0");
  const html = declared > SOURCE_LIMITS.bytes ? null : await textUpTo(res, SOURCE_LIMITS.bytes);
  if (html === null) return { kind: "refused", reason: "the source is larger than 1 MB" };
  return { kind: "page", url, html };
}

/** The source page, or why it was not read. Never throws for anything the source does. */
export async function fetchSource(source: string, env: { ENVIRONMENT?: string }): Promise<Fetched> {
  const signal = AbortSignal.timeout(SOURCE_LIMITS.ms);
  let url = source;
  try {
    for (let hop = 0; hop <= SOURCE_LIMITS.redirects; hop++) {
      const problem = outboundUrlProblem(url, env);
      if (problem)
        return {
          kind: "refused",
          reason: `${hop === 0 ? "the source" : "a redirect"} is not allowed: ${problem}`,
        };
      const res = await fetch(url, {
        redirect: "manual",
        signal,
        headers: { Accept: "text/html, application/xhtml+xml", "User-Agent": "Confab-Webmention/1" },
      });
      const location = REDIRECTS.has(res.status) ? res.headers.get("Location") : null;
      if (!location) return await page(res, url);
      await res.body?.cancel();
      url = new URL(location, url).href;
    }
    return { kind: "refused", reason: `more than ${SOURCE_LIMITS.redirects} redirects` };
  } catch (err) {
    const name = (err as Error).name;
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return {
      kind: "refused",
      reason: timedOut ? "the source took too long" : "the source could not be fetched",
    };
  }
}
