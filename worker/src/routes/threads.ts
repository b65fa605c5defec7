// GET /api/v1/threads: a page of a thread, through the read cache (and, for threads-html.ts, the
// same page as an HTML fragment, cached the same way and purged with it).
import type { Context } from "hono";
import { pageKey } from "../../../shared/page-key.ts";
import { type ThreadQuery, threadQuerySchema } from "../../../shared/schemas.ts";
import type { ThreadResponse } from "../../../shared/types.ts";
import type { AppEnv } from "../env.ts";
import { validationError } from "../lib/api-error.ts";
import { admitOrigin, originAllowed } from "../lib/cors.ts";
import { cachedJson, cachedRead } from "../lib/read-cache.ts";
import { validate } from "../lib/validation.ts";
import { threadHtml } from "../render/thread-html.ts";
import { widgetCss } from "../render/widget-css.ts";
import { offersOf } from "../services/sites.ts";
import { pullIfDue } from "../services/social/pull.ts";
import { threadPageRead } from "../services/threads.ts";
import { readerApp } from "./sub-apps.ts";

/** The cached answer of a page, as the JSON of GET /threads or turned into its HTML fragment. */
export function readPage(c: Context<AppEnv>, q: ThreadQuery, html: boolean) {
  const read = threadPageRead(c.var.db, {
    siteId: q.site,
    key: pageKey(q),
    url: q.url ?? null,
    sort: q.sort,
    limit: q.limit,
    cursor: q.cursor,
    offers: offersOf(c.env),
    // A thread linked to Mastodon or Bluesky posts whose copy is old is pulled after the answer.
    onThread: (thread) => pullIfDue(c, thread),
  });
  // The fragment is kept apart from the JSON (its own variant, so its own ETag), under the
  // page's generation: every write that purges the JSON purges it too.
  const key = html ? { ...read.key, variant: `html:${read.key.variant}` } : read.key;
  const check = html
    ? async () => {
        const checked = await read.check();
        return {
          ...checked,
          build: async () => {
            const built = await checked.build();
            const css = await widgetCss(c.env.ASSETS, c.req.url);
            return {
              ...built,
              body: threadHtml(JSON.parse(built.body) as ThreadResponse, css, q.sort ?? null),
            };
          },
        };
      }
    : read.check;
  return cachedRead(c, {
    key,
    check,
    admit: (origins) => {
      admitOrigin(c, origins);
      if (q.url && !originAllowed(origins, new URL(q.url).origin)) throw validationError({ url: "invalid" });
    },
    ifNoneMatch: c.req.header("If-None-Match"),
    // A reader who wrote sends the bookmark of the write: they see it at once.
    bypass: c.req.query("bookmark") !== undefined,
  });
}

export const threadRoutes = readerApp((app) =>
  app.get("/", validate("query", threadQuerySchema), async (c) => {
    const answer = await readPage(c, c.req.valid("query"), false);
    // Revalidate every time: the ETag makes an unchanged thread a bodiless 304.
    return cachedJson(c, answer, "no-cache");
  }),
);
