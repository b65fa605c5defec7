// /api/v1/admin/bans: a site's bans by email or network, adding and lifting them.
import { banCreateSchema, banListQuerySchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { bansOf, createBan, removeBan } from "../../services/admin/bans.ts";
import { adminApp } from "../sub-apps.ts";

export const adminBanRoutes = adminApp((app) =>
  app
    .get("/", validate("query", banListQuerySchema), async (c) =>
      c.json({ bans: await bansOf(c.var.db, actorOf(c), c.req.valid("query").site) }, 200),
    )
    .post("/", jsonBody(), validate("json", banCreateSchema), async (c) => {
      const ban = await createBan(c.var.db, actorOf(c), c.req.valid("json"));
      return c.json({ ban }, 201);
    })
    .delete("/:id", async (c) => {
      await removeBan(c.var.db, actorOf(c), commentIdParam(c.req.param("id")));
      return c.body(null, 204);
    }),
);
