// GET /api/v1/threads: a page of a thread, through the read cache.
import { pageKey } from "../../../shared/page-key.ts";
import { threadQuerySchema } from "../../../shared/schemas.ts";
import { validationError } from "../lib/api-error.ts";
import { admitOrigin, originAllowed } from "../lib/cors.ts";
import { cachedJson, cachedRead } from "../lib/read-cache.ts";
import { validate } from "../lib/validation.ts";
import { offersOf } from "../services/sites.ts";
import { threadPageRead } from "../services/threads.ts";
import { readerApp } from "./sub-apps.ts";

export const threadRoutes = readerApp((app) =>
  app.get("/", validate("query", threadQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const read = threadPageRead(c.var.db, {
      siteId: q.site,
      key: pageKey(q),
      url: q.url ?? null,
      sort: q.sort,
      limit: q.limit,
      cursor: q.cursor,
      offers: offersOf(c.env),
    });
    const answer = await cachedRead(c, {
      ...read,
      admit: (origins) => {
        admitOrigin(c, origins);
        if (q.url && !originAllowed(origins, new URL(q.url).origin))
          throw validationError({ url: "invalid" });
      },
      ifNoneMatch: c.req.header("If-None-Match"),
      // A reader who wrote sends the bookmark of the write: they see it at once.
      bypass: c.req.query("bookmark") !== undefined,
    });
    // Revalidate every time: the ETag makes an unchanged thread a bodiless 304.
    return cachedJson(c, answer, "no-cache");
  }),
);
