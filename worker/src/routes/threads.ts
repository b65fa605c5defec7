import { Hono } from "hono";
import { etag } from "hono/etag";
import { pageKey } from "../../../shared/page-key.ts";
import { threadQuerySchema } from "../../../shared/schemas.ts";
import type { AppEnv } from "../env.ts";
import { validationError } from "../lib/api-error.ts";
import { admitOrigin, originAllowed } from "../lib/cors.ts";
import { validate } from "../lib/validation.ts";
import { loadThreadPage } from "../services/threads.ts";

export const threadRoutes = new Hono<AppEnv>().get(
  "/threads",
  etag(),
  validate("query", threadQuerySchema),
  async (c) => {
    const q = c.req.valid("query");
    const { site, page } = await loadThreadPage(c.env.DB, {
      siteId: q.site,
      key: pageKey(q),
      url: q.url ?? null,
      sort: q.sort,
      limit: q.limit,
      cursor: q.cursor,
      notifyReplies: c.env.MAIL_PROVIDER !== undefined,
    });
    admitOrigin(c, site.origins);
    if (q.url && !originAllowed(site.origins, new URL(q.url).origin))
      throw validationError({ url: "invalid" });
    // Revalidate every time: the ETag makes an unchanged thread a bodiless 304.
    c.header("Cache-Control", "no-cache");
    return c.json(page, 200);
  },
);
