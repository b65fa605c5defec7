// POST /admin/import: a WXR or Disqus file (up to 50 MB) is checked whole, then written in
// batches (import-stream.ts); a Confab file is JSON, parsed whole (up to 8 MB: the CLI sends
// bigger ones in parts), creates the site when it does not exist yet (operator only), brings its
// bans, then its threads and comments in batches.

import type { ImportResult } from "../../../../shared/export-format.ts";
import { insertBanIfMissing } from "../../db/bans.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getSite } from "../../db/sites.ts";
import { fromConfab, parseConfabFile } from "../../import/confab.ts";
import { BATCH } from "../../import/stream.ts";
import { type Actor, scope } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { readBody } from "../../lib/body-text.ts";
import type { Keys } from "../../lib/keys.ts";
import { readLimited } from "../../lib/validation.ts";
import { ImportWriter, type MapRule } from "./import.ts";
import { importXml } from "./import-stream.ts";
import { createSite, type SiteContext } from "./sites.ts";

/** Exports of big blogs reach tens of megabytes; the Workers request limit is 100 MB. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** A JSON file is parsed whole, and a Worker has 128 MB of memory for it and everything else. */
export const CONFAB_MAX_BYTES = 8 * 1024 * 1024;

export async function importFile(
  db: Db,
  actor: Actor,
  q: {
    siteId: string;
    format: "wxr" | "disqus" | "confab";
    body: Request;
    map: MapRule[];
    keys: Keys;
    /** For a site the file creates: its notification addresses are asked to confirm. */
    siteContext: SiteContext;
  },
): Promise<ImportResult> {
  scope(actor, q.siteId);
  const options = { siteId: q.siteId, map: q.map, keys: q.keys, format: q.format };
  if (q.format !== "confab") {
    if (!(await getSite(db, q.siteId))) throw new ApiError("not_found", "No such site.");
    return importXml(db, actor, {
      ...options,
      format: q.format,
      bytes: await readBody(q.body, IMPORT_MAX_BYTES),
    });
  }
  const file = parseConfabFile(await readConfab(q.body));
  if (!(await getSite(db, q.siteId)))
    await createSite(db, actor, { ...file.site, id: q.siteId }, q.siteContext);
  if (file.bans?.length) {
    // Bans keep their ids, so importing twice adds nothing.
    await batch(db, {
      bans: exec(...file.bans.map((b) => insertBanIfMissing(db, { ...b, site: q.siteId }))),
    });
  }
  const parsed = fromConfab(file);
  const writer = new ImportWriter(db, actor, options);
  await writer.write({ ...parsed, comments: [] });
  for (let i = 0; i < parsed.comments.length; i += BATCH.comments) {
    await writer.write({
      threads: [],
      comments: parsed.comments.slice(i, i + BATCH.comments),
      skipped: 0,
      errors: [],
    });
  }
  return writer.finish();
}

async function readConfab(body: Request): Promise<string> {
  try {
    if (Number(body.headers.get("Content-Length") ?? "0") > CONFAB_MAX_BYTES) {
      throw new ApiError("payload_too_large", "The request body is too large.");
    }
    return await readLimited(body, CONFAB_MAX_BYTES);
  } catch (err) {
    if (err instanceof ApiError && err.code === "payload_too_large") {
      throw new ApiError(
        "payload_too_large",
        `A Confab file over ${CONFAB_MAX_BYTES / 1024 / 1024} MB is sent in parts: npm run confab -- import FILE --format confab does it.`,
      );
    }
    throw err;
  }
}
