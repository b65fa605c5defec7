// One GET of a network's public JSON API (Mastodon, the Bluesky AppView): the outbound rule of
// webhooks and Webmention sources (lib/public-url.ts), no redirects, a time limit, and the body
// read as a stream and dropped past a size limit. Never throws for anything the server does: a
// failure is a sentence for the link's `error`.
import { outboundUrlProblem } from "../../lib/public-url.ts";
import { textUpTo } from "../../lib/read-limited.ts";

export const SOCIAL_LIMITS = {
  /** The most of one answer that is read (2 MB): a thread of a few hundred replies. */
  bytes: 2_000_000,
  ms: 10_000,
  /** Replies taken from one linked post per pull; the rest wait (they stay at their source). */
  replies: 300,
  /** Bluesky's getPostThread depth. */
  depth: 10,
} as const;

export type JsonAnswer = { ok: true; status: number; body: unknown } | { ok: false; error: string };

export async function fetchJson(url: string, env: { ENVIRONMENT?: string }): Promise<JsonAnswer> {
  const problem = outboundUrlProblem(url, env);
  const host = new URL(url).host;
  if (problem) return { ok: false, error: `${host} is not allowed: ${problem}` };
  try {
    const res = await fetch(url, {
      redirect: "manual",
      signal: AbortSignal.timeout(SOCIAL_LIMITS.ms),
      headers: { Accept: "application/json", "User-Agent": "Confab-Social/1" },
    });
    const text = await textUpTo(res, SOCIAL_LIMITS.bytes);
    if (text === null) return { ok: false, error: `${host} answered more than 2 MB` };
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) return { ok: false, error: `${host} did not answer JSON` };
    }
    return { ok: true, status: res.status, body };
  } catch (err) {
    const name = (err as Error).name;
    const late = name === "TimeoutError" || name === "AbortError";
    return { ok: false, error: late ? `${host} took too long` : `${host} could not be reached` };
  }
}

/** What a failed answer says, for the link's error. */
export const httpError = (url: string, status: number) => `${new URL(url).host} answered HTTP ${status}`;
