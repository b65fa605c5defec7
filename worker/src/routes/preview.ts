// POST /api/v1/preview: the HTML a comment's Markdown would be shown as, with the site's limit.
import { previewSchema } from "../../../shared/schemas.ts";
import { getSite } from "../db/sites.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { admitOrigin } from "../lib/cors.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { readerApp } from "./sub-apps.ts";

export const previewRoutes = readerApp((app) =>
  app.post("/", jsonBody(), validate("json", previewSchema), async (c) => {
    const { site: siteId, text } = c.req.valid("json");
    const site = await getSite(c.var.db, siteId);
    if (!site) throw new ApiError("unknown_site", "This site is not registered.");
    admitOrigin(c, site.origins);
    if ([...text].length > site.maxLength) throw validationError({ text: "too_long" });
    return c.json({ html: renderMarkdown(text) }, 200);
  }),
);
