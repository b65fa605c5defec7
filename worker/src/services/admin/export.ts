// A site's full data as the versioned Confab export file (docs/export-format.md).

import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from "../../../../shared/export-format.ts";
import { listBans } from "../../db/bans.ts";
import type { Db } from "../../db/database.ts";
import { exportComments, exportThreads } from "../../db/export.ts";
import { getSite } from "../../db/sites.ts";
import { type Actor, canSee } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";

export async function exportSite(db: Db, actor: Actor, siteId: string): Promise<ExportFile> {
  const site = canSee(actor, siteId) ? await getSite(db, siteId) : null;
  if (!site) throw new ApiError("not_found", "No such site.");
  const { createdAt: _c, updatedAt: _u, ...settings } = site;
  const [threads, comments, bans] = await Promise.all([
    exportThreads(db, siteId),
    exportComments(db, siteId),
    listBans(db, siteId),
  ]);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    site: settings,
    threads,
    comments,
    bans: bans.map(({ site: _s, ...b }) => b).sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
