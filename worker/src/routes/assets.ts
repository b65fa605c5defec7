// Everything outside /api is a static file of dist/ (the widget bundles and the demo blog).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";

export const assetRoutes = new Hono<AppEnv>().on(["GET", "HEAD"], "*", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  if (res.status === 404) throw new ApiError("not_found", "Not found.");
  // Asset responses have immutable headers; copy so the app-wide headers can be added.
  return new Response(res.body, res);
});
