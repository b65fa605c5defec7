// The Atom feed of a site's or a page's 50 newest approved comments.

import { LIMITS } from "../../../shared/limits.ts";
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { feedRows } from "../db/feed.ts";
import { type Site, siteById } from "../db/sites.ts";
import { ApiError } from "../lib/api-error.ts";
import { atomFeed } from "../lib/atom.ts";

export async function buildFeed(
  db: Db,
  q: { siteId: string; key: string | null; self: string },
  admit: (site: Site) => void,
): Promise<string> {
  const { site, rows } = await batch(db, {
    site: siteById(db, q.siteId),
    rows: feedRows(db, { siteId: q.siteId, key: q.key, limit: LIMITS.feedSize }),
  });
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  admit(site);
  const entries = rows.map((r) => {
    const author = r.author_name || "Anonymous";
    return {
      id: `urn:confab:comment:${r.id}`,
      title: r.title ? `${author} on ${r.title}` : `Comment by ${author}`,
      // Permalinks: the page the comment is on, at the comment's anchor.
      link: r.url ? `${r.url.replace(/#.*$/, "")}#comment-${r.id}` : null,
      author,
      published: r.created_at,
      updated: r.edited_at ?? r.created_at,
      html: r.html,
    };
  });
  const title = q.key === null ? `Comments on ${site.name}` : `Comments on ${rows[0]?.title ?? q.key}`;
  return atomFeed({
    id: `urn:confab:feed:${site.id}${q.key === null ? "" : `:${q.key}`}`,
    title,
    self: q.self,
    // ISO strings compare in time order; Math.max would not work on them.
    // biome-ignore lint/complexity/useMathMinMax: these are strings, not numbers.
    updated: entries.reduce((max, e) => (e.updated > max ? e.updated : max), site.createdAt),
    entries,
  });
}
