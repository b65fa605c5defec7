// Reading a thread page, no rendering, for the read cache (lib/read-cache.ts): one D1 round trip
// reads the site and the thread with its version, which tell whether a kept answer is current;
// only a new or changed thread runs the page query, the second round trip.
import { LIMITS } from "../../../shared/limits.ts";
import type { PublicSite, PublicThread, SortOrder, ThreadResponse } from "../../../shared/types.ts";
import { batch } from "../db/batch.ts";
import { toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { siteById } from "../db/sites.ts";
import { type ThreadPageRow, threadPage } from "../db/thread-page.ts";
import { type Thread, threadByKey, toPublicThread } from "../db/threads.ts";
import { ApiError } from "../lib/api-error.ts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";
import type { CachedRead, Checked } from "../lib/read-cache.ts";
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
  /** Told the thread row the first round trip read (a background pull may be due: social/pull.ts). */
  onThread?: (thread: Thread) => void;
}

/**
 * A thread page as the read cache asks for it: its key, and the first round trip (the site and
 * the thread with its version), from which the page itself is built in the second.
 */
export function threadPageRead(db: Db, q: ThreadPageQuery): Pick<CachedRead, "key" | "check"> {
  const roots = q.limit ?? LIMITS.threadLimitDefault;
  // A bad cursor is refused before anything is read or looked up.
  const after = decodeCursor(q.cursor);
  // The URL as asked is in the answer of a page without a thread, so it is part of the key.
  const variant = JSON.stringify([q.url, q.sort, roots, q.cursor ?? ""]);
  const check = async (): Promise<Checked> => {
    const { site, thread } = await batch(db, {
      site: siteById(db, q.siteId),
      thread: threadByKey(db, q.siteId, q.key),
    });
    if (!site) throw new ApiError("unknown_site", "This site is not registered.");
    if (thread) q.onThread?.(thread);
    const publicSite = toPublicSite(site, q.offers);
    // Everything the answer depends on: the site's public settings and origins, and the thread's
    // id and version, which stand for its row and all its visible comments.
    const stampOf = (t: Thread | null) =>
      JSON.stringify([publicSite, site.origins, t && `${t.id}@${t.version}`]);
    const empty = () => ({
      body: JSON.stringify(emptyPage(publicSite, q)),
      stamp: stampOf(null),
      origins: site.origins,
    });
    const build = async () => {
      // A page nobody has commented on is known from the first round trip alone.
      if (!thread) return empty();
      // The thread is read again in the page's batch (one snapshot), so the answer is stamped
      // with the version it was read at, even when a write landed between the two round trips.
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
      if (!current) return empty();
      const body = JSON.stringify(pageOf(publicSite, toPublicThread(current), rows, roots));
      return { body, stamp: stampOf(current), origins: site.origins };
    };
    return { stamp: stampOf(thread), origins: site.origins, build };
  };
  return { key: { kind: "threads", siteId: q.siteId, pageKey: q.key, variant }, check };
}

function emptyPage(site: PublicSite, q: ThreadPageQuery): ThreadResponse {
  const thread: PublicThread = {
    id: null,
    key: q.key,
    url: q.url,
    title: null,
    locked: false,
    commentCount: 0,
    reactions: {},
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
