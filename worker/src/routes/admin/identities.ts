// /api/v1/admin/identities: a site's verified readers, marking staff, signing one out everywhere.
import { identityListQuerySchema, identityPatchSchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { keysOf } from "../../lib/keys.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { listIdentities, patchIdentity, revokeSessionsOf } from "../../services/admin/identities.ts";
import { adminApp } from "../sub-apps.ts";

export const adminIdentityRoutes = adminApp((app) =>
  app
    .get("/", validate("query", identityListQuerySchema), async (c) =>
      c.json(await listIdentities(c.var.db, keysOf(c.env), actorOf(c), c.req.valid("query")), 200),
    )
    .patch("/:id", jsonBody(), validate("json", identityPatchSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const identity = await patchIdentity(c.var.db, keysOf(c.env), actorOf(c), id, c.req.valid("json"));
      return c.json({ identity }, 200);
    })
    .delete("/:id/sessions", async (c) => {
      await revokeSessionsOf(c.var.db, actorOf(c), commentIdParam(c.req.param("id")));
      return c.body(null, 204);
    }),
);
