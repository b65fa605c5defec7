// GET /api/v1/threads.html: a thread page as an HTML fragment with schema.org microdata
// (render/thread-html.ts), for pages without JavaScript, static builds and search engines.
import { threadQuerySchema } from "../../../shared/schemas.ts";
import { cachedJson } from "../lib/read-cache.ts";
import { validate } from "../lib/validation.ts";
import { readerApp } from "./sub-apps.ts";
import { readPage } from "./threads.ts";

export const threadHtmlRoutes = readerApp((app) =>
  app.get("/", validate("query", threadQuerySchema), async (c) => {
    const answer = await readPage(c, c.req.valid("query"), true);
    // The cached answer's headers (ETag, 304, X-Confab-Cache); its entry says it is HTML.
    return cachedJson(c, answer, "no-cache");
  }),
);
