// GET /api/v1/counts: comment counts for many pages of a site at once, through the read cache.
import { countsQuerySchema } from "../../../shared/schemas.ts";
import { admitOrigin } from "../lib/cors.ts";
import { cachedJson, readCache } from "../lib/read-cache.ts";
import { validate } from "../lib/validation.ts";
import { answerCounts } from "../services/counts.ts";
import { readerApp } from "./sub-apps.ts";

export const countRoutes = readerApp((app) =>
  app.get("/", validate("query", countsQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const answer = await answerCounts(
      c.var.db,
      readCache(c),
      { siteId: q.site, urls: q.url, pageIds: q.pageId, ifNoneMatch: c.req.header("If-None-Match") },
      (site) => admitOrigin(c, site.origins),
    );
    return cachedJson(c, answer, "public, max-age=60");
  }),
);
