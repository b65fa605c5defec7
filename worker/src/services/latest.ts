// GET /latest: a site's newest approved comments, for "latest comments" boxes (count.js). One
// D1 round trip: the site (to admit the origin) and the comments.
import type { LatestResponse } from "../../../shared/types.ts";
import { batch } from "../db/batch.ts";
import { toPublicComment } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { latestComments } from "../db/latest.ts";
import { siteById } from "../db/sites.ts";
import { ApiError } from "../lib/api-error.ts";

export async function latest(
  db: Db,
  q: { siteId: string; limit: number },
  admit: (origins: string[]) => void,
): Promise<LatestResponse> {
  const { site, rows } = await batch(db, {
    site: siteById(db, q.siteId),
    rows: latestComments(db, q.siteId, q.limit),
  });
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  admit(site.origins);
  return {
    comments: rows.map((r) => ({ ...toPublicComment(r), page: { url: r.page_url, title: r.page_title } })),
  };
}
