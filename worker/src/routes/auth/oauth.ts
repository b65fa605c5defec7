// /api/v1/auth/oauth (docs/api.md, "OAuth and OIDC sign-in"): the widget opens `/:provider/start`
// in a popup, the provider sends the reader back to `/callback`, whose page posts the session to
// the widget's window. Both answer pages, not JSON, since a person reads them in the popup.
// Mounted by routes/auth.ts, inside its reader middleware.
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { oauthStartQuerySchema } from "../../../../shared/auth-schemas.ts";
import { getSite } from "../../db/sites.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { originAllowed } from "../../lib/cors.ts";
import { keysOf } from "../../lib/keys.ts";
import { canonicalOrigin } from "../../lib/origins.ts";
import { issuesToFields } from "../../lib/validation.ts";
import { authorizationUrl, completeAuthorization, takeAuthorization } from "../../services/auth/oauth.ts";
import { providerOf } from "../../services/auth/providers.ts";
import { failedPage, signedInPage } from "./popup-page.ts";
import { callerNetwork, offeringSite } from "./site.ts";

const CALLBACK = "/api/v1/auth/oauth/callback";
const redirectUri = (c: Context<AppEnv>) => `${new URL(c.req.url).origin}${CALLBACK}`;

/** Turns a refusal into the popup's page; `origin` says where to post it once it is known. */
async function popup(run: (known: (origin: string) => void) => Promise<Response>): Promise<Response> {
  let origin: string | null = null;
  try {
    return await run((o) => {
      origin = o;
    });
  } catch (err) {
    if (err instanceof ApiError) return failedPage(err, origin);
    throw err;
  }
}

async function start(c: Context<AppEnv>): Promise<Response> {
  // A GET that writes (the ceremony): refused up front without the deployment's keys, like a POST.
  keysOf(c.env);
  const query = v.safeParse(oauthStartQuerySchema, c.req.query());
  if (!query.success) throw validationError(issuesToFields(query.issues));
  const name = c.req.param("provider") ?? "";
  const provider = providerOf(c.env, name);
  if (!provider) throw new ApiError("not_found", "This way of signing in is not offered.");
  const site = await offeringSite(c, query.output.site, provider.method);
  const origin = canonicalOrigin(query.output.origin);
  if (!origin || !originAllowed(site.origins, origin)) throw validationError({ origin: "invalid" });
  const url = await authorizationUrl(c.var.db, c.env, {
    siteId: site.id,
    provider,
    origin,
    redirectUri: redirectUri(c),
    network: await callerNetwork(c),
  });
  c.header("Cache-Control", "no-store");
  return c.redirect(url.toString(), 302);
}

async function callback(c: Context<AppEnv>, known: (origin: string) => void): Promise<Response> {
  const keys = keysOf(c.env);
  const params = new URL(c.req.url).searchParams;
  const authorization = await takeAuthorization(c.var.db, params.get("state") ?? undefined);
  // The origin must still be one of the site's: a site may have dropped it since the start.
  const site = await getSite(c.var.db, authorization.siteId);
  if (!site || !originAllowed(site.origins, authorization.origin))
    throw new ApiError("origin_not_allowed", "This site no longer accepts sign-ins from that page.");
  known(authorization.origin);
  const signedIn = await completeAuthorization(c.var.db, keys, c.env, authorization, {
    params,
    redirectUri: redirectUri(c),
  });
  return signedInPage(authorization.origin, signedIn);
}

export const oauthRoutes = new Hono<AppEnv>()
  // Registered before `/:provider/start` would not matter (different depth), but reads first.
  .get("/callback", (c) => popup((known) => callback(c, known)))
  .get("/:provider/start", (c) => popup(() => start(c)));
