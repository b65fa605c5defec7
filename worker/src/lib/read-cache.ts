// The Workers Cache API in front of the hottest reads (GET /threads, GET /counts). An answer is
// stored under a key made of everything it depends on, including a version number that the
// database changes on every write that matters (worker/migrations/0007_read_versions.sql). So an
// entry is never invalidated or purged: after a write the next read computes another key, and the
// old entry is never asked for again and ages out. Only the JSON body is stored; every header
// (CORS, request id, bookmark) is made per request, so nothing of one viewer reaches another.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { inBackground } from "./background.ts";
import { sha256Hex } from "./crypto.ts";

const CACHE_NAME = "confab-reads";
/** Changes when the shape of a stored answer changes, so a new deploy never serves an old shape. */
const FORMAT = "1";
/** Entries never go stale (their key changes instead); this only bounds how long unused ones stay. */
const KEEP_SECONDS = 86_400;

export const CACHE_HEADER = "X-Confab-Cache";

export interface VersionKey {
  /** Where the answer is stored in the cache. */
  url: string;
  /** The answer's ETag, derived from the same inputs: a 304 needs neither the body nor a hash of it. */
  etag: string;
}

export interface ReadCache {
  key(kind: string, parts: [string, string | number][]): Promise<VersionKey>;
  /** The stored body, or null (a miss, or the cache unavailable: then D1 answers). */
  match(key: VersionKey): Promise<string | null>;
  /** Stores a body after the answer has gone out. */
  store(key: VersionKey, body: string): void;
}

/** The request's cache, keyed under its own origin (the Cache API is per zone). */
export function readCache(c: Context<AppEnv>): ReadCache {
  const origin = new URL(c.req.url).origin;
  return {
    async key(kind, parts) {
      const inputs = new URLSearchParams([["format", FORMAT], ...parts.map(([k, v]) => [k, String(v)])]);
      const hash = await sha256Hex(`${kind}?${inputs}`);
      return { url: `${origin}/__confab-cache/${kind}/${hash}`, etag: `"${hash.slice(0, 32)}"` };
    },
    async match(key) {
      try {
        const hit = await (await caches.open(CACHE_NAME)).match(key.url);
        return hit ? await hit.text() : null;
      } catch (err) {
        console.warn(JSON.stringify({ cache: "match failed", error: String(err) }));
        return null;
      }
    },
    store(key, body) {
      const put = async () => {
        const response = new Response(body, {
          headers: {
            "Content-Type": "application/json",
            "Cache-Control": `public, max-age=${KEEP_SECONDS}`,
          },
        });
        await (await caches.open(CACHE_NAME)).put(key.url, response);
      };
      inBackground(c, "cache put", put);
    },
  };
}

/** Whether an If-None-Match header names this ETag (weak or strong, or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

/** What a cached read answers: a 304, or a JSON body that came from the cache or from D1. */
export interface CachedAnswer {
  etag: string;
  /** null: the client's copy is current (304). */
  body: string | null;
  /** `hit`: the body came from the cache; `miss`: it was read from D1. */
  source: "hit" | "miss" | null;
}

/** The HTTP answer of a cached read, with the route's own Cache-Control. */
export function cachedJson(c: Context<AppEnv>, answer: CachedAnswer, cacheControl: string): Response {
  c.header("ETag", answer.etag);
  c.header("Cache-Control", cacheControl);
  if (answer.body === null) return c.body(null, 304);
  if (answer.source) c.header(CACHE_HEADER, answer.source);
  return c.body(answer.body, 200, { "Content-Type": "application/json" });
}
