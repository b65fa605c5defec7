// /api/v1/admin/export: a site's threads and comments as one Confab JSON file (docs/export-format.md).
import { exportQuerySchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { validate } from "../../lib/validation.ts";
import { exportSite } from "../../services/admin/export.ts";
import { adminApp } from "../sub-apps.ts";

export const adminExportRoutes = adminApp((app) =>
  app.get("/", validate("query", exportQuerySchema), async (c) => {
    const site = c.req.valid("query").site;
    const file = await exportSite(c.var.db, actorOf(c), site);
    c.header("Content-Disposition", `attachment; filename="confab-${site}.json"`);
    return c.json(file, 200);
  }),
);
