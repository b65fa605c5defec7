// The hottest reads (GET /threads, GET /counts) without D1: an answer is served from the isolate's
// memory, else from the data centre's Cache API, else built from D1 and kept in both (reads/store.ts).
// An entry younger than FRESH_SECONDS is served as it is. An older one, up to twice that age, is
// served while one request of the isolate asks D1 in the background whether it changed (its
// versions, one round trip) and rebuilds it if so; an entry older still, or a request that carries
// the reader's D1 bookmark (an author reading after a write), asks D1 before answering. A write
// purges what it changed in its own isolate and data centre (reads/changed.ts); elsewhere the age
// bounds it. docs/api.md, "Freshness", states the promise.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { inBackground } from "./background.ts";
import { sha256Hex } from "./crypto.ts";
import { freshSeconds } from "./freshness.ts";
import { acceptsGzip, GZIP_MIN_BYTES, gzipOf } from "./reads/encoding.ts";
import {
  answered,
  type Entry,
  fromCache,
  fromMemory,
  keep,
  keptCopy,
  locate,
  type ReadKey,
  toCache,
} from "./reads/store.ts";

export type { ReadKey } from "./reads/store.ts";

export const CACHE_HEADER = "X-Confab-Cache";

/** What one D1 round trip says an answer depends on, and how to build it from there. */
export interface Checked {
  /** Site settings, origins and versions as read: equal stamps mean an equal answer. */
  stamp: string;
  origins: string[];
  /** The answer, read in the same snapshot as the stamp it returns (a second round trip, or none). */
  build(): Promise<{ body: string; stamp: string; origins: string[] }>;
}

export interface CachedRead {
  key: ReadKey;
  /** The first round trip; throws the read's ApiError (an unknown site). */
  check(): Promise<Checked>;
  /** Checks the request's Origin (and anything else that depends on the site) against its origins. */
  admit(origins: string[]): void;
  ifNoneMatch: string | undefined;
  /** Ask D1 before answering (the request carries a D1 bookmark: its reader wrote). */
  bypass: boolean;
}

/**
 * `hit`: from memory or the Cache API, no D1; `stale`: the same, older than FRESH_SECONDS, while
 * the isolate revalidates it; `revalidated`: D1 said it had not changed; `miss`: built from D1.
 */
export type CacheSource = "hit" | "stale" | "revalidated" | "miss";

/** What a cached read answers: a 304 (null body) or a body (JSON, or a thread's HTML fragment). */
export interface CachedAnswer {
  etag: string;
  body: Uint8Array | null;
  /** The body's media type (a 304 has none). */
  type: string;
  /** "gzip" when the answer (or, for a 304, what the client holds) is the gzipped bytes. */
  encoding: "gzip" | null;
  source: CacheSource | null;
  /** The entry answered from, when the hot path may answer the same request from it next time. */
  hot: Entry | null;
}

/** Keys whose background revalidation is under way in this isolate: one at a time per key. */
const revalidating = new Set<string>();

/** Whether an entry is young enough to be served as it is (FRESH_SECONDS). */
export function isFresh(e: Entry, env: AppEnv["Bindings"]): boolean {
  return Date.now() - e.builtAt < freshSeconds(env) * 1000;
}

export async function cachedRead(c: Context<AppEnv>, r: CachedRead): Promise<CachedAnswer> {
  const ttl = freshSeconds(c.env) * 1000;
  const gzip = acceptsGzip(c.req.header("Accept-Encoding"));
  // The Cache API is per zone: its entries are named under the request's own origin.
  const origin = new URL(c.req.url).origin;
  let url: string | null = null;
  let entry = r.bypass ? null : fromMemory(r.key);
  if (!entry && !r.bypass) {
    url = await locate(origin, r.key);
    entry = url ? await fromCache(url, r.key) : null;
    if (entry) keep(entry);
  }
  if (entry) {
    if (isFresh(entry, c.env)) return answer(r, entry, "hit", gzip);
    if (Date.now() - entry.builtAt < 2 * ttl) {
      revalidateInBackground(c, r, entry, origin);
      return answer(r, entry, "stale", gzip);
    }
  }
  const fresh = await refresh(c, r, entry, origin, url, true);
  if (!fresh.entry)
    return { etag: fresh.etag, body: null, type: "", encoding: null, source: null, hot: null };
  return answer(r, fresh.entry, fresh.unchanged ? "revalidated" : "miss", gzip, true);
}

function answer(r: CachedRead, e: Entry, source: CacheSource, gzip: boolean, admitted = false): CachedAnswer {
  if (!admitted) r.admit(e.origins);
  return answerOf(e, source, { ifNoneMatch: r.ifNoneMatch, gzip }, !r.bypass);
}

/** A thread's HTML fragment is filed under an `html:` variant (routes/threads.ts); the rest is JSON. */
const typeOf = (e: Entry) =>
  e.variant.startsWith("html:") ? "text/html; charset=utf-8" : "application/json";

/**
 * An admitted request's answer from an entry: a 304 when If-None-Match names it, else its body,
 * gzipped when the request accepts it and the body is worth it.
 */
export function answerOf(
  e: Entry,
  source: CacheSource,
  request: { ifNoneMatch: string | undefined; gzip: boolean },
  hot: boolean,
): CachedAnswer {
  const bytes = bytesOf(e);
  const encoding = request.gzip && bytes.length >= GZIP_MIN_BYTES ? "gzip" : null;
  const body = etagMatches(request.ifNoneMatch, e.etag)
    ? null
    : encoding
      ? gzipOf(e, bytes, (n) => keptCopy(e, n))
      : bytes;
  return { etag: e.etag, body, type: typeOf(e), encoding, source: body ? source : null, hot: hot ? e : null };
}

function revalidateInBackground(c: Context<AppEnv>, r: CachedRead, known: Entry, origin: string): void {
  const id = JSON.stringify(r.key);
  if (revalidating.has(id)) return;
  revalidating.add(id);
  inBackground(c, "revalidate read", () =>
    refresh(c, r, known, origin, null, false).finally(() => revalidating.delete(id)),
  );
}

const encoder = new TextEncoder();
/** An entry's body as UTF-8, encoded once per entry rather than once per answer. */
const encoded = new WeakMap<Entry, Uint8Array>();
function bytesOf(e: Entry): Uint8Array {
  let bytes = encoded.get(e);
  if (!bytes) {
    bytes = encoder.encode(e.body);
    encoded.set(e, bytes);
    keptCopy(e, bytes.length);
  }
  return bytes;
}

const etagOf = async (k: ReadKey, stamp: string) =>
  `"${(await sha256Hex(`${k.kind}\n${k.variant}\n${stamp}`)).slice(0, 32)}"`;

/**
 * Asks D1 (one round trip) whether `known` is still current; if not, or without one, builds the
 * answer (a second) and keeps it. A client's matching If-None-Match is answered from the first.
 */
async function refresh(
  c: Context<AppEnv>,
  r: CachedRead,
  known: Entry | null,
  origin: string,
  url: string | null,
  forRequest: boolean,
): Promise<{ entry: Entry | null; etag: string; unchanged: boolean }> {
  const builtAt = Date.now();
  const checked = await r.check();
  if (forRequest) r.admit(checked.origins);
  const stamp = await sha256Hex(checked.stamp);
  if (known && known.stamp === stamp) {
    const entry = { ...known, builtAt };
    store(c, entry, origin, url);
    return { entry, etag: entry.etag, unchanged: true };
  }
  const etag = await etagOf(r.key, stamp);
  if (forRequest && etagMatches(r.ifNoneMatch, etag)) return { entry: null, etag, unchanged: true };
  const built = await checked.build();
  const builtStamp = built.stamp === checked.stamp ? stamp : await sha256Hex(built.stamp);
  const entry: Entry = {
    ...r.key,
    body: built.body,
    stamp: builtStamp,
    etag: builtStamp === stamp ? etag : await etagOf(r.key, builtStamp),
    origins: built.origins,
    builtAt,
  };
  store(c, entry, origin, url);
  return { entry, etag: entry.etag, unchanged: false };
}

/** Keeps an entry in memory now and in the Cache API after the answer (not if a purge came since). */
function store(c: Context<AppEnv>, e: Entry, origin: string, url: string | null): void {
  if (!keep(e)) return;
  inBackground(c, "cache put", async () => {
    const at = url ?? (await locate(origin, e));
    if (at) await toCache(at, e);
  });
}

/** Whether an If-None-Match header names this ETag (weak or strong, or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

/** The headers of a cached read's answer, for the route (`cachedJson`) and the hot path alike. A
 * gzipped answer's ETag is weak, as a strong one names one encoding's bytes (RFC 9110 8.8.1). */
export function answerHeaders(answer: CachedAnswer, cacheControl: string): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: answer.encoding ? `W/${answer.etag}` : answer.etag,
    "Cache-Control": cacheControl,
    Vary: "Accept-Encoding",
  };
  if (answer.body === null) return headers;
  if (answer.source) headers[CACHE_HEADER] = answer.source;
  headers["Content-Type"] = answer.type;
  if (answer.encoding) headers["Content-Encoding"] = answer.encoding;
  return headers;
}

/** The answer as a Response. Gzipped bytes are sent as they are (`encodeBody: "manual"`), never
 * compressed again by the runtime; Node's server sends bytes as they are anyway. */
export function answerResponse(answer: CachedAnswer, headers: Record<string, string>): Response {
  if (answer.body === null) return new Response(null, { status: 304, headers });
  // TextEncoder's type allows a shared buffer; what it returns is a plain one.
  const body = answer.body as Uint8Array<ArrayBuffer>;
  return new Response(body, { status: 200, headers, encodeBody: answer.encoding ? "manual" : "automatic" });
}

/** The HTTP answer of a cached read, with the route's own Cache-Control. */
export function cachedJson(c: Context<AppEnv>, answer: CachedAnswer, cacheControl: string): Response {
  // This exact request passed validation and admission: the hot path may answer it from now on.
  if (answer.hot) answered(c.req.url, answer.hot, cacheControl);
  return answerResponse(answer, answerHeaders(answer, cacheControl));
}
