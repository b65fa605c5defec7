// /api/v1/admin/outbox: the mails Confab sent or logged for the sites a token may see.
import { listQuerySchema } from "../../../../shared/admin-schemas.ts";
import { listOutbox } from "../../db/notifications.ts";
import { actorOf, scope } from "../../lib/admin-auth.ts";
import { validate } from "../../lib/validation.ts";
import { adminApp } from "../sub-apps.ts";

export const adminOutboxRoutes = adminApp((app) =>
  app.get("/", validate("query", listQuerySchema), async (c) =>
    c.json({ mails: await listOutbox(c.var.db, scope(actorOf(c), c.req.valid("query").site), 100) }, 200),
  ),
);
