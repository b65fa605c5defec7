// /api/v1/admin/tokens: moderator tokens, listed, minted and revoked by the operator only.
import { tokenCreateSchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { mintToken, revokeToken, tokensFor } from "../../services/admin/tokens.ts";
import { adminApp } from "../sub-apps.ts";

export const adminTokenRoutes = adminApp((app) =>
  app
    .get("/", async (c) => c.json({ tokens: await tokensFor(c.var.db, actorOf(c)) }, 200))
    .post("/", jsonBody(), validate("json", tokenCreateSchema), async (c) =>
      c.json(await mintToken(c.var.db, actorOf(c), c.req.valid("json")), 201),
    )
    .delete("/:id", async (c) => {
      if (!(await revokeToken(c.var.db, actorOf(c), commentIdParam(c.req.param("id"))))) {
        throw new ApiError("not_found", "No such token.");
      }
      return c.body(null, 204);
    }),
);
