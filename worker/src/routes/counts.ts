// GET /api/v1/counts: comment counts for many pages of a site at once, through the read cache.
import { countsQuerySchema } from "../../../shared/schemas.ts";
import { admitOrigin } from "../lib/cors.ts";
import { cachedJson, cachedRead } from "../lib/read-cache.ts";
import { validate } from "../lib/validation.ts";
import { countsRead } from "../services/counts.ts";
import { readerApp } from "./sub-apps.ts";

export const countRoutes = readerApp((app) =>
  app.get("/", validate("query", countsQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const read = countsRead(c.var.db, { siteId: q.site, urls: q.url, pageIds: q.pageId });
    const answer = await cachedRead(c, {
      ...read,
      admit: (origins) => {
        admitOrigin(c, origins);
        read.admitUrls(origins);
      },
      ifNoneMatch: c.req.header("If-None-Match"),
      bypass: c.req.query("bookmark") !== undefined,
    });
    return cachedJson(c, answer, "public, max-age=60");
  }),
);
