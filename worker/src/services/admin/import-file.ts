// POST /admin/import: parse the uploaded file in its format, create the site from a Confab file
// when it does not exist yet (operator only), bring its bans, then write threads and comments.

import type { ExportFile, ImportResult } from "../../../../shared/export-format.ts";
import { insertBanIfMissing } from "../../db/bans.ts";
import type { Db } from "../../db/database.ts";
import { getSite } from "../../db/sites.ts";
import { fromConfab, parseConfabFile } from "../../import/confab.ts";
import { fromDisqus } from "../../import/disqus.ts";
import { fromWxr } from "../../import/wxr.ts";
import { type Actor, scope } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { applyImport, type MapRule } from "./import.ts";
import { createSite } from "./sites.ts";

export async function importFile(
  db: Db,
  actor: Actor,
  q: { siteId: string; format: "wxr" | "disqus" | "confab"; body: string; map: MapRule[]; secret: string },
): Promise<ImportResult> {
  scope(actor, q.siteId);
  let file: ExportFile | null = null;
  if (q.format === "confab") file = parseConfabFile(q.body);
  if (!(await getSite(db, q.siteId))) {
    if (!file) throw new ApiError("not_found", "No such site.");
    await createSite(db, actor, { ...file.site, id: q.siteId });
  }
  if (file?.bans?.length) {
    // Bans keep their ids, so importing twice adds nothing.
    await db.batch(file.bans.map((b) => insertBanIfMissing(db, { ...b, site: q.siteId })));
  }
  const parsed = file ? fromConfab(file) : q.format === "disqus" ? fromDisqus(q.body) : fromWxr(q.body);
  return applyImport(db, actor, { siteId: q.siteId, parsed, map: q.map, secret: q.secret, format: q.format });
}
