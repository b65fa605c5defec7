// /api/v1/admin/import: a WXR, Disqus or Confab JSON file into a site (docs/export-format.md).
import { importQuerySchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { keysOf } from "../../lib/keys.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { validate } from "../../lib/validation.ts";
import { importFile } from "../../services/admin/import-file.ts";
import { adminApp } from "../sub-apps.ts";
import { siteContext } from "./site-context.ts";

export const adminImportRoutes = adminApp((app) =>
  app.post("/", validate("query", importQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const result = await importFile(c.var.db, actorOf(c), {
      siteId: q.site,
      format: q.format,
      // Read by the importer as it arrives (WXR, Disqus) or whole (Confab), each with its limit.
      body: c.req.raw,
      map: q.map.map((rule) => {
        const [from = "", to = ""] = rule.split("=");
        return { from, to };
      }),
      keys: keysOf(c.env),
      siteContext: siteContext(c),
    });
    readsChanged(c, { siteId: q.site });
    return c.json(result, 200);
  }),
);
