// Reading a thread page: one D1 round trip (site, thread and comments in one batch), no rendering.
import { LIMITS } from "../../../shared/limits.ts";
import type { PublicThread, SortOrder, ThreadResponse } from "../../../shared/types.ts";
import { toPublicComment } from "../db/comments.ts";
import { type Site, selectSite, siteFromResult } from "../db/sites.ts";
import { selectThreadPage, type ThreadPageRow } from "../db/thread-page.ts";
import { selectThreadByKey, threadFromResult, toPublicThread } from "../db/threads.ts";
import { ApiError } from "../lib/api-error.ts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";
import { toPublicSite } from "./sites.ts";

export interface ThreadPageQuery {
  siteId: string;
  key: string;
  url: string | null;
  sort: SortOrder;
  limit: number | undefined;
  cursor: string | undefined;
  /** Whether reply mails can be sent (a mail provider is configured). */
  notifyReplies: boolean;
}

export async function loadThreadPage(
  db: D1Database,
  q: ThreadPageQuery,
): Promise<{ site: Site; page: ThreadResponse }> {
  const roots = q.limit ?? LIMITS.threadLimitDefault;
  const after = decodeCursor(q.cursor);
  const [siteResult, threadResult, pageResult] = await db.batch([
    selectSite(db, q.siteId),
    selectThreadByKey(db, q.siteId, q.key),
    selectThreadPage(db, {
      siteId: q.siteId,
      key: q.key,
      sort: q.sort,
      roots,
      repliesPerRoot: LIMITS.repliesPerRoot,
      after,
    }),
  ]);
  const site = siteFromResult(siteResult);
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");

  const thread = threadFromResult(threadResult);
  const publicThread: PublicThread = thread
    ? toPublicThread(thread)
    : { id: null, key: q.key, url: q.url, title: null, locked: false, commentCount: 0 };

  const rows = (pageResult?.results ?? []) as ThreadPageRow[];
  const pageRows = rows.filter((r) => r.root_ord <= roots);
  const lastRoot = pageRows.findLast((r) => r.parent_id === null);
  const hasMore = rows.length > pageRows.length;
  return {
    site,
    page: {
      site: toPublicSite(site, q.notifyReplies),
      thread: publicThread,
      comments: visibleInOrder(pageRows).map(toPublicComment),
      nextCursor:
        hasMore && lastRoot
          ? encodeCursor({ pinned: lastRoot.pinned, likes: lastRoot.likes, id: lastRoot.id })
          : null,
    },
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
