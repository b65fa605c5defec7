// What a site write needs of its request (services/admin/sites.ts): the settings, the worker's
// origin for mail links, and a way to finish work after the answer.
import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import type { SiteContext } from "../../services/admin/sites.ts";

export const siteContext = (c: Context<AppEnv>): SiteContext => ({
  env: c.env,
  baseUrl: new URL(c.req.url).origin,
  defer: (task) => c.executionCtx.waitUntil(task),
});
