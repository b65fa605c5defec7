// The dashboard's reports: a site's reported comments, each with its open reports' reasons.
import type { AdminReport } from "../../../../shared/admin-types.ts";
import type { CommentStatus } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { siteReports } from "../../db/reports.ts";
import { type Actor, scope } from "../../lib/admin-auth.ts";

/** At most this many reports are listed; the comments behind them are held long before. */
const LIST_MAX = 500;

export async function reportsOf(db: Db, actor: Actor, site: string): Promise<AdminReport[]> {
  scope(actor, site);
  const { rows } = await batch(db, { rows: siteReports(db, site, LIST_MAX) });
  const byComment = new Map<string, AdminReport>();
  for (const r of rows) {
    let entry = byComment.get(r.comment_id);
    if (!entry) {
      entry = {
        commentId: r.comment_id,
        site: r.site_id,
        status: r.status as CommentStatus,
        author: r.author_name,
        text: r.text,
        pageUrl: r.page_url,
        reports: [],
      };
      byComment.set(r.comment_id, entry);
    }
    entry.reports.push({ reason: r.reason, createdAt: r.created_at });
  }
  return [...byComment.values()];
}
