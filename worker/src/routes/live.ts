// GET /api/v1/live: a reader's WebSocket to a thread's live channel (docs/api.md, "Live threads").
// Everything a reader endpoint checks is checked before the upgrade, so a refusal is the usual
// JSON error: the query, the site, the Origin (a browser's WebSocket always sends one), the
// page's URL, then the Upgrade header, then the caps (in the thread's Durable Object).
import { pageKey } from "../../../shared/page-key.ts";
import { liveQuerySchema } from "../../../shared/schemas.ts";
import { getSite } from "../db/sites.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { admitOrigin, originAllowed } from "../lib/cors.ts";
import { keysOf } from "../lib/keys.ts";
import { networkHash } from "../lib/network.ts";
import { validate } from "../lib/validation.ts";
import { CAPS_HEADER, capsHeader, capsOf, channelName, NETWORK_HEADER } from "../live/caps.ts";
import { readerApp } from "./sub-apps.ts";

export const liveRoutes = readerApp((app) =>
  app.get("/", validate("query", liveQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const live = c.env.LIVE;
    if (!live) throw new ApiError("not_found", "Live threads are not enabled on this server.");
    const site = await getSite(c.var.db, q.site);
    if (!site) throw new ApiError("unknown_site", "This site is not registered.");
    admitOrigin(c, site.origins);
    if (q.url && !originAllowed(site.origins, new URL(q.url).origin))
      throw validationError({ url: "invalid" });
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError("upgrade_required", "This endpoint only answers a WebSocket upgrade.", {
        headers: { Upgrade: "websocket" },
      });
    const caps = capsOf(c.env);
    const keys = keysOf(c.env);
    const network = (await networkHash(keys, c.req.header("CF-Connecting-IP"))) ?? "unknown";
    const stub = live.get(live.idFromName(channelName(q.site, pageKey(q))));
    const res = await stub.fetch("https://live/", {
      headers: {
        Upgrade: "websocket",
        [NETWORK_HEADER]: network,
        [CAPS_HEADER]: capsHeader(caps),
      },
    });
    if (res.status !== 101) {
      const body = (await res.json()) as { error: { message: string } };
      throw new ApiError("rate_limited", body.error.message, { headers: { "Retry-After": "60" } });
    }
    // A response of our own: the stub's headers cannot be changed, and the middleware adds some.
    const init: ResponseInit & { webSocket: unknown } = { status: 101, webSocket: res.webSocket };
    return new Response(null, init);
  }),
);
