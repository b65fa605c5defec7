// /api/v1/admin/audit: the audit log of the sites a token may see, newest first, 50 a page.
import { listQuerySchema } from "../../../../shared/admin-schemas.ts";
import { listAudit } from "../../db/audit.ts";
import { actorOf, scope } from "../../lib/admin-auth.ts";
import { validate } from "../../lib/validation.ts";
import { adminApp } from "../sub-apps.ts";

const PAGE = 50;

export const adminAuditRoutes = adminApp((app) =>
  app.get("/", validate("query", listQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const rows = await listAudit(c.var.db, {
      sites: scope(actorOf(c), q.site),
      cursor: q.cursor ?? null,
      limit: PAGE + 1,
    });
    const entries = rows.slice(0, PAGE);
    return c.json({ entries, nextCursor: rows.length > PAGE ? (entries.at(-1)?.id ?? null) : null }, 200);
  }),
);
