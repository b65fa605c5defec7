// Bench data: sites through the admin API, comments through the public API (as readers post
// them), and large threads generated in bulk with SQL, as test/worker/big-thread.test.ts does.
import { ADMIN_TOKEN } from "./runtime.ts";

export const ORIGIN = "https://bench.test";
export const ORIGINS = [ORIGIN, "http://127.0.0.1:*", "http://localhost:*"];

/** A typical blog comment: about 300 characters of Markdown. */
export const TEXT =
  "Thanks for writing this up. I tried the approach from the second section on a small project " +
  "last week and it held up well, although the part about caching needed a second read. One " +
  "question: does the same hold when the page is served from a CDN with its own **cache rules**, " +
  "or do the headers need to change?";
const HTML = `<p>${TEXT.replace("**cache rules**", "<strong>cache rules</strong>")}</p>`;

export const pageUrl = (path: string) => `${ORIGIN}${path}`;

async function admin(base: string, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}/api/v1/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** A site that publishes at once, with the spam checks for speed and rate turned off for the run. */
export async function createSite(base: string, id: string): Promise<void> {
  await admin(base, "POST", "/sites", { id, name: `Bench ${id}`, origins: ORIGINS, moderation: "none" });
  await admin(base, "PATCH", `/sites/${id}`, { minSubmitMs: 0, rateLimitPerMinute: 0, rateLimitPerHour: 0 });
}

export function commentBody(site: string, path: string, n: number, parentId: string | null = null): string {
  return JSON.stringify({
    site,
    url: pageUrl(path),
    title: "Bench post",
    parentId,
    author: { name: `Reader ${n}` },
    text: `${TEXT} (#${n})`,
    trap: "",
    elapsedMs: 5000,
  });
}

/**
 * Posts `count` comments to one page through POST /api/v1/comments, `parallel` at a time; every
 * fourth is a reply to an earlier root. Returns the ids.
 */
export async function seedThroughApi(
  base: string,
  q: { site: string; path: string; count: number; parallel?: number },
): Promise<string[]> {
  const parallel = q.parallel ?? 8;
  const roots: string[] = [];
  const ids: string[] = [];
  for (let start = 0; start < q.count; start += parallel) {
    const wave = Array.from({ length: Math.min(parallel, q.count - start) }, async (_, i) => {
      const n = start + i;
      const parent = n % 4 === 3 && roots.length > 0 ? (roots[(n * 7) % roots.length] ?? null) : null;
      const res = await fetch(`${base}/api/v1/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: ORIGIN },
        body: commentBody(q.site, q.path, n, parent),
      });
      const json = (await res.json()) as { comment?: { id: string } };
      if (res.status !== 201 || !json.comment)
        throw new Error(`seed post ${n}: ${res.status} ${JSON.stringify(json)}`);
      return { id: json.comment.id, root: parent === null };
    });
    for (const { id, root } of await Promise.all(wave)) {
      ids.push(id);
      if (root) roots.push(id);
    }
  }
  return ids;
}

const now = () => new Date().toISOString();

/**
 * `count` comments (a multiple of 5) on one new thread, in groups of five: a root, two replies,
 * a reply to the second reply (depth 2) and one more reply. Ids are `prefix` + a 12-digit number.
 */
export async function generateThread(
  db: D1Database,
  q: { site: string; threadId: string; path: string; count: number; prefix: string },
): Promise<void> {
  if (q.count % 5 !== 0 || q.prefix.length !== 4)
    throw new Error("count must be a multiple of 5, prefix 4 chars");
  const at = now();
  await db
    .prepare(
      `INSERT INTO threads (id, site_id, page_key, url, title, created_at, updated_at, comment_count)
       VALUES (?1, ?2, ?3, ?4, 'Bench post', ?5, ?5, ?6)`,
    )
    .bind(q.threadId, q.site, q.path, pageUrl(q.path), at, q.count)
    .run();
  await db.prepare(THREAD_SQL).bind(q.count, q.prefix, q.threadId, q.site, TEXT, HTML, at).run();
}

/** `threads` threads of `perThread` comments each on a site: the rest of a large site, in one statement. */
export async function generateFiller(
  db: D1Database,
  q: { site: string; threads: number; perThread: number },
): Promise<void> {
  const at = now();
  await db
    .prepare(
      `WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < ?1 - 1)
       INSERT INTO threads (id, site_id, page_key, url, title, created_at, updated_at, comment_count)
       SELECT 'f' || printf('%03d', n), ?2, '/filler/' || n, ?3 || '/filler/' || n, 'Filler', ?4, ?4, ?5 FROM k`,
    )
    .bind(q.threads, q.site, ORIGIN, at, q.perThread)
    .run();
  await db
    .prepare(FILLER_SQL)
    .bind(q.threads * q.perThread, null, null, q.site, TEXT, HTML, at, q.perThread)
    .run();
}

// ?1 count, ?2 id prefix, ?3 thread id, ?4 site, ?5 text, ?6 html, ?7 time, ?8 comments per thread.
const generateSql = (id: (n: string) => string, thread: string) => `WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1),
    g AS (SELECT n, (n - 1) % 5 AS k, n - ((n - 1) % 5) AS r FROM seq)
  INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, author_name, avatar_seed,
    text, html, renderer_version, created_at, updated_at, reply_count)
  SELECT ${id("n")}, ${thread}, ?4,
    CASE k WHEN 0 THEN NULL WHEN 3 THEN ${id("n - 1")} ELSE ${id("r")} END,
    ${id("r")},
    CASE k WHEN 0 THEN ${id("n")}
           WHEN 3 THEN ${id("r")} || '/' || ${id("n - 1")} || '/' || ${id("n")}
           ELSE ${id("r")} || '/' || ${id("n")} END,
    CASE k WHEN 0 THEN 0 WHEN 3 THEN 2 ELSE 1 END,
    'approved', 'Reader ' || n, printf('%016x', n * 2654435761), ?5 || ' (#' || n || ')', ?6, 1, ?7, ?7,
    CASE k WHEN 0 THEN 3 WHEN 2 THEN 1 ELSE 0 END
  FROM g`;
const THREAD_SQL = generateSql((n) => `?2 || printf('%012d', ${n})`, "?3");
const FILLER_SQL = generateSql((n) => `'f' || printf('%015d', ${n})`, "'f' || printf('%03d', (n - 1) / ?8)");
