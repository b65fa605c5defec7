// Everything outside /api is a static file of dist/ (the widget bundles and the demo blog).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";

// The worker's own pages (the demo blog and /admin) load scripts and styles from this origin
// only, send data only here, and cannot be framed. Inline style attributes stay allowed for the
// widget's generated avatars; inline scripts never are.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const assetRoutes = new Hono<AppEnv>().on(["GET", "HEAD"], "*", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  if (res.status === 404) throw new ApiError("not_found", "Not found.");
  // Asset responses have immutable headers; copy so the app-wide headers can be added.
  const out = new Response(res.body, res);
  if (out.headers.get("Content-Type")?.startsWith("text/html")) {
    out.headers.set("Content-Security-Policy", PAGE_CSP);
    out.headers.set("X-Frame-Options", "DENY");
  }
  return out;
});
