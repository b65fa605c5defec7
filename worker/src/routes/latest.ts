// GET /api/v1/latest: a site's newest approved comments (docs/api.md).
import { LIMITS } from "../../../shared/limits.ts";
import { latestQuerySchema } from "../../../shared/schemas.ts";
import { admitOrigin } from "../lib/cors.ts";
import { validate } from "../lib/validation.ts";
import { latest } from "../services/latest.ts";
import { readerApp } from "./sub-apps.ts";

export const latestRoutes = readerApp((app) =>
  app.get("/", validate("query", latestQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const answer = await latest(
      c.var.db,
      { siteId: q.site, limit: q.limit ?? LIMITS.latestDefault },
      (origins) => admitOrigin(c, origins),
    );
    return c.json(answer, 200, { "Cache-Control": "public, max-age=60" });
  }),
);
