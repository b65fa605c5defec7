// Reads about pages: counts for many pages at once, the Atom feed, and the preview renderer.
import { Hono } from "hono";
import { pageKey } from "../../../shared/page-key.ts";
import { countsQuerySchema, feedQuerySchema, previewSchema } from "../../../shared/schemas.ts";
import { getSite } from "../db/sites.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { admitOrigin, originAllowed } from "../lib/cors.ts";
import { cachedJson, readCache } from "../lib/read-cache.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { answerCounts } from "../services/counts.ts";
import { buildFeed } from "../services/feed.ts";

export const pageRoutes = new Hono<AppEnv>()
  .get("/counts", validate("query", countsQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const answer = await answerCounts(
      c.var.db,
      readCache(c),
      { siteId: q.site, urls: q.url, pageIds: q.pageId, ifNoneMatch: c.req.header("If-None-Match") },
      (site) => admitOrigin(c, site.origins),
    );
    return cachedJson(c, answer, "public, max-age=60");
  })
  .get("/feed", validate("query", feedQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const key = q.url || q.pageId ? pageKey(q) : null;
    const body = await buildFeed(c.var.db, { siteId: q.site, key, self: c.req.url }, (site) => {
      admitOrigin(c, site.origins);
      if (q.url && !originAllowed(site.origins, new URL(q.url).origin))
        throw validationError({ url: "invalid" });
    });
    return c.body(body, 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    });
  })
  .post("/preview", jsonBody(), validate("json", previewSchema), async (c) => {
    const { site: siteId, text } = c.req.valid("json");
    const site = await getSite(c.var.db, siteId);
    if (!site) throw new ApiError("unknown_site", "This site is not registered.");
    admitOrigin(c, site.origins);
    if ([...text].length > site.maxLength) throw validationError({ text: "too_long" });
    return c.json({ html: renderMarkdown(text) }, 200);
  });
