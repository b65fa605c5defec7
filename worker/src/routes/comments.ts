import { Hono } from "hono";
import { createCommentSchema } from "../../../shared/schemas.ts";
import type { AppEnv } from "../env.ts";
import { admitOrigin } from "../lib/cors.ts";
import { networkHash } from "../lib/network.ts";
import { hashSecret } from "../lib/secrets.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { createComment } from "../services/comments.ts";

export const commentRoutes = new Hono<AppEnv>().post(
  "/comments",
  jsonBody(),
  validate("json", createCommentSchema),
  async (c) => {
    const secret = hashSecret(c.env);
    const created = await createComment(c.env.DB, c.req.valid("json"), {
      admit: (site) => admitOrigin(c, site.origins),
      networkHash: await networkHash(secret, c.req.header("CF-Connecting-IP")),
      secret,
    });
    return c.json(created, 201);
  },
);
