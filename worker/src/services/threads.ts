// Reading a thread page, no rendering. One D1 round trip reads the site and the thread with its
// version; that names the answer's cache entry and ETag, so an unchanged thread is a 304 or a
// cached body without reading a comment. Only a miss runs the page query: the second round trip.
import { LIMITS } from "../../../shared/limits.ts";
import type { PublicSite, PublicThread, SortOrder, ThreadResponse } from "../../../shared/types.ts";
import { batch } from "../db/batch.ts";
import { toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { type Site, siteById } from "../db/sites.ts";
import { type ThreadPageRow, threadPage } from "../db/thread-page.ts";
import { type Thread, threadByKey, toPublicThread } from "../db/threads.ts";
import { ApiError } from "../lib/api-error.ts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";
import { type CachedAnswer, etagMatches, type ReadCache } from "../lib/read-cache.ts";
import { type Offers, toPublicSite } from "./sites.ts";

export interface ThreadPageQuery {
  siteId: string;
  key: string;
  url: string | null;
  sort: SortOrder;
  limit: number | undefined;
  cursor: string | undefined;
  /** What the deployment offers (reply mails, sign-in methods), shown in the site's answer. */
  offers: Offers;
  ifNoneMatch: string | undefined;
}

export async function answerThreadPage(
  db: Db,
  cache: ReadCache,
  q: ThreadPageQuery,
  admit: (site: Site) => void,
): Promise<CachedAnswer> {
  const roots = q.limit ?? LIMITS.threadLimitDefault;
  // A bad cursor is refused before anything is read or looked up.
  const after = decodeCursor(q.cursor);
  const { site, thread } = await batch(db, {
    site: siteById(db, q.siteId),
    thread: threadByKey(db, q.siteId, q.key),
  });
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  admit(site);
  const publicSite = toPublicSite(site, q.offers);

  // Everything the answer depends on. The thread's id and version stand for its row and all its
  // visible comments; the site's public settings go in whole (they are in the answer); without a
  // thread, the answer echoes the page key and the URL as asked.
  const keyOf = (t: Thread | null) =>
    cache.key("threads", [
      ["site", JSON.stringify(publicSite)],
      ["thread", t ? `${t.id}@${t.version}` : ""],
      ["page", t ? "" : JSON.stringify([q.key, q.url])],
      ["sort", q.sort],
      ["limit", roots],
      ["cursor", q.cursor ?? ""],
    ]);
  const key = await keyOf(thread);
  if (etagMatches(q.ifNoneMatch, key.etag)) return { etag: key.etag, body: null, source: null };
  // A page nobody has commented on is known from this round trip alone; nothing to store.
  if (!thread) return { etag: key.etag, body: JSON.stringify(emptyPage(publicSite, q)), source: "miss" };

  const cached = await cache.match(key);
  if (cached !== null) return { etag: key.etag, body: cached, source: "hit" };

  // The thread is read again in the page's batch (one snapshot), so the stored answer is filed
  // under the version it was read at, even when a write landed between the two round trips.
  const { current, rows } = await batch(db, {
    current: threadByKey(db, q.siteId, q.key),
    rows: threadPage(db, {
      siteId: q.siteId,
      key: q.key,
      sort: q.sort,
      roots,
      repliesPerRoot: LIMITS.repliesPerRoot,
      after,
    }),
  });
  if (!current) {
    const gone = await keyOf(null);
    return { etag: gone.etag, body: JSON.stringify(emptyPage(publicSite, q)), source: "miss" };
  }
  const body = JSON.stringify(pageOf(publicSite, toPublicThread(current), rows, roots));
  const storedAs =
    current.id === thread.id && current.version === thread.version ? key : await keyOf(current);
  cache.store(storedAs, body);
  return { etag: storedAs.etag, body, source: "miss" };
}

function emptyPage(site: PublicSite, q: ThreadPageQuery): ThreadResponse {
  const thread: PublicThread = {
    id: null,
    key: q.key,
    url: q.url,
    title: null,
    locked: false,
    commentCount: 0,
  };
  return { site, thread, comments: [], nextCursor: null };
}

function pageOf(
  site: PublicSite,
  thread: PublicThread,
  rows: ThreadPageRow[],
  roots: number,
): ThreadResponse {
  const pageRows = rows.filter((r) => r.root_ord <= roots);
  const lastRoot = pageRows.findLast((r) => r.parent_id === null);
  const hasMore = rows.length > pageRows.length;
  return {
    site,
    thread,
    comments: visibleInOrder(pageRows).map(toPublicComment),
    nextCursor:
      hasMore && lastRoot
        ? encodeCursor({ pinned: lastRoot.pinned, likes: lastRoot.likes, id: lastRoot.id })
        : null,
  };
}

/**
 * Rows arrive depth-first. Drops replies whose parent is not shown (held or removed after the
 * reply was written) and `deleted` placeholders left with nothing under them.
 */
function visibleInOrder(rows: ThreadPageRow[]): ThreadPageRow[] {
  const shown = new Set<string>();
  const attached = rows.filter((r) => {
    if (r.parent_id !== null && !shown.has(r.parent_id)) return false;
    shown.add(r.id);
    return true;
  });
  const hasChild = new Set<string>();
  const kept: ThreadPageRow[] = [];
  for (let i = attached.length - 1; i >= 0; i--) {
    const r = attached[i] as ThreadPageRow;
    if (r.status === "deleted" && !hasChild.has(r.id)) continue;
    kept.push(r);
    if (r.parent_id) hasChild.add(r.parent_id);
  }
  return kept.reverse();
}
