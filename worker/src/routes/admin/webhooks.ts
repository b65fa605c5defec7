// /api/v1/admin/webhooks: webhook events and their delivery attempts, for the sites a token may see.
import { listQuerySchema } from "../../../../shared/admin-schemas.ts";
import { listDeliveries } from "../../db/notifications.ts";
import { actorOf, scope } from "../../lib/admin-auth.ts";
import { validate } from "../../lib/validation.ts";
import { adminApp } from "../sub-apps.ts";

export const adminWebhookRoutes = adminApp((app) =>
  app.get("/", validate("query", listQuerySchema), async (c) => {
    const sites = scope(actorOf(c), c.req.valid("query").site);
    return c.json({ deliveries: await listDeliveries(c.var.db, sites, 100) }, 200);
  }),
);
