// GET /api/v1/feed: the Atom feed of a site's or a page's newest comments.
import { pageKey } from "../../../shared/page-key.ts";
import { feedQuerySchema } from "../../../shared/schemas.ts";
import { validationError } from "../lib/api-error.ts";
import { admitOrigin, originAllowed } from "../lib/cors.ts";
import { validate } from "../lib/validation.ts";
import { buildFeed } from "../services/feed.ts";
import { readerApp } from "./sub-apps.ts";

export const feedRoutes = readerApp((app) =>
  app.get("/", validate("query", feedQuerySchema), async (c) => {
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
  }),
);
