// Where answers are kept between requests: the isolate's memory (a byte-bounded LRU), then the data
// centre's Cache API. Purging a Cache API entry needs its exact URL, and a thread has an answer per
// sort, limit and cursor, so entries are filed under generation tokens instead: one for the site,
// one per page, one for the site's counts, each a tiny Cache API entry of its own. A purge deletes
// the tokens it concerns; the next read makes new ones, and every entry filed under the old ones
// is never found again and ages out. Only bodies and what the answer needs are stored; every
// header of an answer (CORS, request id, bookmark) is made per request.
import { ByteLru } from "./lru.ts";

const CACHE_NAME = "confab-reads";
/** Changes when the shape of a stored entry changes, so a new deploy never reads an old shape. */
const FORMAT = "2";
/** Bounds how long an unused entry or token stays in the Cache API; freshness is decided by `builtAt`. */
const KEEP_SECONDS = 86_400;
/** Memory per isolate for answers (an isolate has 128 MB; a 200-comment page is about 48 KB). */
export const MEMORY_BYTES = 16 * 1024 * 1024;
/** How long a purge keeps refusing entries built before it (see `purge`). */
const PURGE_MEMORY_MS = 60_000;
const META_HEADER = "X-Confab-Entry";

export type ReadKind = "threads" | "counts";

/** What names an answer: its kind, its site, its page (threads) and the rest of its query. */
export interface ReadKey {
  kind: ReadKind;
  siteId: string;
  pageKey: string | null;
  variant: string;
}

export interface Entry extends ReadKey {
  body: string;
  etag: string;
  /** What D1 said the answer depends on (site settings, origins, versions), to revalidate it. */
  stamp: string;
  /** The site's origins, so a hit admits the request's Origin without D1. */
  origins: string[];
  /** When the D1 read this answer came from started (ms): its age is counted from here. */
  builtAt: number;
  /**
   * The exact request URLs the full request path answered with this entry (validated and admitted
   * there), which the hot path (lib/hot-read.ts) may answer from memory. Kept in memory only, and
   * carried over only by a revalidation that found the same stamp (the same answer and origins).
   */
  answered?: Set<string>;
}

/** The part of the reads a write changed: one page of a site (and its counts), or the whole site. */
export interface ReadScope {
  siteId: string;
  pageKey?: string | null;
}

const memory = new ByteLru<Entry>(MEMORY_BYTES);
/** Exact request URL → the entry that answered it and the route's Cache-Control (`answered`). */
const hotUrls = new ByteLru<{ id: string; cacheControl: string }>(1024 * 1024);
/** Request URLs one entry remembers: a thread has few spellings; junk variants go the full way. */
const URLS_PER_ENTRY = 8;
/** Generation name → when this isolate last purged it. */
const purgedAt = new Map<string, number>();

const idOf = (k: ReadKey) => JSON.stringify([k.kind, k.siteId, k.pageKey, k.variant]);

/** The generations an entry is filed under. */
function generationsOf(k: ReadKey): string[] {
  const site = `site/${k.siteId}`;
  return k.kind === "threads" ? [site, `page/${k.siteId}/${k.pageKey}`] : [site, `counts/${k.siteId}`];
}

/** Whether this isolate purged the entry's data after the entry was read from D1. */
function purgedSince(e: Entry): boolean {
  return generationsOf(e).some((g) => (purgedAt.get(g) ?? -1) >= e.builtAt);
}

export function fromMemory(k: ReadKey): Entry | null {
  return memory.get(idOf(k)) ?? null;
}

/** Remembers that the full request path answered `url` with `e`, so the hot path may answer it too. */
export function answered(url: string, e: Entry, cacheControl: string): void {
  if (memory.get(idOf(e)) !== e) return;
  e.answered ??= new Set();
  if (!e.answered.has(url) && e.answered.size >= URLS_PER_ENTRY) return;
  e.answered.add(url);
  hotUrls.set(url, { id: idOf(e), cacheControl }, 2 * url.length + 128);
}

/** The entry in memory that the full path answered this exact URL with, and its Cache-Control. */
export function answeredFor(url: string): { entry: Entry; cacheControl: string } | null {
  const found = hotUrls.get(url);
  if (!found) return null;
  const entry = memory.get(found.id);
  return entry?.answered?.has(url) ? { entry, cacheControl: found.cacheControl } : null;
}

/** Counts a copy of a kept entry made after it was kept (its UTF-8 bytes, its gzip) in the bound. */
export function keptCopy(e: Entry, bytes: number): void {
  const id = idOf(e);
  if (memory.peek(id) === e) memory.grow(id, bytes);
}

/** The bytes this isolate's memory holds (tests: the bound counts every copy). */
export const memoryBytes = (): number => memory.bytes;

/** Keeps an entry in memory, unless a purge came after the read it was built from. */
export function keep(e: Entry): boolean {
  if (purgedSince(e)) return false;
  // UTF-16 in memory; the rest is small against the body. Copies made later (the UTF-8 bytes an
  // answer is sent from, their gzip) are counted when they are made (keptCopy).
  memory.set(idOf(e), e, 2 * (e.body.length + e.stamp.length + e.variant.length) + 256);
  return true;
}

/**
 * Forgets the scope's answers in this isolate now (memory, and entries built before this moment
 * wherever they come from), and returns the generation tokens to delete from the Cache API.
 */
export function purge(scope: ReadScope): string[] {
  const now = Date.now();
  const generations = scope.pageKey
    ? [`page/${scope.siteId}/${scope.pageKey}`, `counts/${scope.siteId}`]
    : [`site/${scope.siteId}`];
  for (const g of generations) purgedAt.set(g, now);
  for (const [g, at] of purgedAt) if (at < now - PURGE_MEMORY_MS) purgedAt.delete(g);
  memory.deleteWhere(
    (e) =>
      e.siteId === scope.siteId &&
      (!scope.pageKey || e.kind === "counts" || (e.kind === "threads" && e.pageKey === scope.pageKey)),
  );
  return generations;
}

const tokenUrl = (origin: string, generation: string) =>
  `${origin}/__confab-cache/gen/${encodeURIComponent(generation)}`;

async function open(): Promise<Cache> {
  return caches.open(CACHE_NAME);
}

/** A generation's token, made (and stored before anything is read from D1) when there is none. */
async function tokenOf(cache: Cache, origin: string, generation: string): Promise<string> {
  const url = tokenUrl(origin, generation);
  const found = await cache.match(url);
  if (found) return found.text();
  const token = crypto.randomUUID();
  await cache.put(
    url,
    new Response(token, { headers: { "Cache-Control": `public, max-age=${KEEP_SECONDS}` } }),
  );
  return token;
}

/** The Cache API URL of an answer under the current generations (null: the cache is unavailable). */
export async function locate(origin: string, k: ReadKey): Promise<string | null> {
  try {
    const cache = await open();
    const tokens = await Promise.all(generationsOf(k).map((g) => tokenOf(cache, origin, g)));
    const name = new URLSearchParams([["format", FORMAT], ["id", idOf(k)], ...tokens.map((t) => ["gen", t])]);
    return `${origin}/__confab-cache/${k.kind}?${name}`;
  } catch (err) {
    console.warn(JSON.stringify({ cache: "locate failed", error: String(err) }));
    return null;
  }
}

/** The entry stored at `url`, or null (none, a purge since, or the cache unavailable). */
export async function fromCache(url: string, k: ReadKey): Promise<Entry | null> {
  try {
    const hit = await (await open()).match(url);
    if (!hit) return null;
    const meta = JSON.parse(hit.headers.get(META_HEADER) ?? "null") as Omit<Entry, keyof ReadKey | "body">;
    const entry: Entry = { ...k, ...meta, body: await hit.text() };
    return purgedSince(entry) ? null : entry;
  } catch (err) {
    console.warn(JSON.stringify({ cache: "match failed", error: String(err) }));
    return null;
  }
}

export async function toCache(url: string, e: Entry): Promise<void> {
  const { body, etag, stamp, origins, builtAt } = e;
  const headers = {
    "Content-Type": "application/json",
    "Cache-Control": `public, max-age=${KEEP_SECONDS}`,
    [META_HEADER]: JSON.stringify({ etag, stamp, origins, builtAt }),
  };
  await (await open()).put(url, new Response(body, { headers }));
}

/** Deletes generation tokens from the data centre's Cache API. */
export async function forget(origin: string, generations: string[]): Promise<void> {
  const cache = await open();
  await Promise.all(generations.map((g) => cache.delete(tokenUrl(origin, g))));
}
