// /api/v1/admin/reports: a site's reported comments with their reasons.
import { reportListQuerySchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { validate } from "../../lib/validation.ts";
import { reportsOf } from "../../services/admin/reports.ts";
import { adminApp } from "../sub-apps.ts";

export const adminReportRoutes = adminApp((app) =>
  app.get("/", validate("query", reportListQuerySchema), async (c) =>
    c.json({ reports: await reportsOf(c.var.db, actorOf(c), c.req.valid("query").site) }, 200),
  ),
);
