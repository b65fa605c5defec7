// The site a sign-in ceremony is for: registered, offering the method, and (for the reader
// routes) asked from one of its origins.
import type { Context } from "hono";
import type { SignInMethod } from "../../../../shared/types.ts";
import { getSite, type Site } from "../../db/sites.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import { admitOrigin } from "../../lib/cors.ts";
import { keysOf } from "../../lib/keys.ts";
import { networkHash } from "../../lib/network.ts";
import { canonicalOrigin } from "../../lib/origins.ts";
import { siteOffers } from "../../services/auth/methods.ts";
import type { RelyingParty } from "../../services/auth/passkeys.ts";

/** The registered site `siteId` if it offers `method` (404 unknown_site / not_found otherwise). */
export async function offeringSite(c: Context<AppEnv>, siteId: string, method: SignInMethod): Promise<Site> {
  const site = await getSite(c.var.db, siteId);
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  if (!siteOffers(c.env, site.signIn, method))
    throw new ApiError("not_found", "This site does not offer this way of signing in.");
  return site;
}

/** The caller's network hash, as every rate limit keys it. */
export const callerNetwork = (c: Context<AppEnv>) =>
  networkHash(keysOf(c.env), c.req.header("CF-Connecting-IP"));

/** A passkey ceremony's relying party: the request's Origin, which must be one of the site's. */
export async function relyingParty(c: Context<AppEnv>, site: Site): Promise<RelyingParty> {
  admitOrigin(c, site.origins);
  const origin = canonicalOrigin(c.req.header("Origin"));
  if (!origin)
    throw new ApiError(
      "origin_not_allowed",
      "Passkeys are used from the site's pages: the request has no Origin.",
    );
  return { siteId: site.id, siteName: site.name, origin, network: await callerNetwork(c) };
}
