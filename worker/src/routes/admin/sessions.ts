// /api/v1/admin/sessions: a site's live reader sessions, and revoking one.
import { sessionListQuerySchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { validate } from "../../lib/validation.ts";
import { listSessions, revokeSession } from "../../services/admin/identities.ts";
import { adminApp } from "../sub-apps.ts";

export const adminSessionRoutes = adminApp((app) =>
  app
    .get("/", validate("query", sessionListQuerySchema), async (c) =>
      c.json(await listSessions(c.var.db, actorOf(c), c.req.valid("query")), 200),
    )
    .delete("/:id", async (c) => {
      await revokeSession(c.var.db, actorOf(c), commentIdParam(c.req.param("id")));
      return c.body(null, 204);
    }),
);
