// /api/v1/auth: verified readers (docs/identity.md). Every sign-in answers `{ token, expiresAt,
// identity }`; the token is then sent as `Authorization: Bearer` on reader requests of its site.
import { ssoSignInSchema } from "../../../shared/sso-schema.ts";
import { getSite } from "../db/sites.ts";
import { afterAnswer } from "../lib/after-answer.ts";
import { ApiError } from "../lib/api-error.ts";
import { admitOrigin } from "../lib/cors.ts";
import { keysOf } from "../lib/keys.ts";
import { requireSession } from "../lib/reader-auth.ts";
import { readsChanged } from "../lib/reads/changed.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { eraseIdentity } from "../services/auth/erase-identity.ts";
import { endSession, identityOf } from "../services/auth/sessions.ts";
import { ssoSignIn } from "../services/auth/sso.ts";
import { emailRoutes } from "./auth/email.ts";
import { oauthRoutes } from "./auth/oauth.ts";
import { passkeyRoutes } from "./auth/passkeys.ts";
import { readerApp } from "./sub-apps.ts";

/** The session of the request, admitted for its site's origins. */
async function ownSession(c: Parameters<typeof requireSession>[0]) {
  const session = await requireSession(c);
  const site = await getSite(c.var.db, session.site_id);
  if (!site) throw new ApiError("unauthorized", "This sign-in has ended. Sign in again.");
  admitOrigin(c, site.origins);
  return session;
}

/** A sign-in's site, admitted for its origins. */
async function admitSite(c: Parameters<typeof requireSession>[0], siteId: string): Promise<void> {
  const site = await getSite(c.var.db, siteId);
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  admitOrigin(c, site.origins);
}

export const authRoutes = readerApp((app) =>
  app
    .get("/me", async (c) => {
      const session = await ownSession(c);
      c.header("Cache-Control", "private, no-store");
      return c.json(
        { identity: await identityOf(keysOf(c.env), session), expiresAt: session.expires_at },
        200,
      );
    })
    .delete("/session", async (c) => {
      await endSession(c.var.db, await ownSession(c));
      return c.body(null, 204);
    })
    .delete("/identity", async (c) => {
      const session = await ownSession(c);
      const { done, transitions } = await eraseIdentity(c.var.db, session);
      readsChanged(c, { siteId: session.site_id });
      afterAnswer(c, transitions);
      return done ? c.body(null, 204) : c.json({ done: false }, 202);
    })
    .post("/sso", jsonBody(), validate("json", ssoSignInSchema), async (c) => {
      const { site, sso } = c.req.valid("json");
      await admitSite(c, site);
      return c.json(await ssoSignIn(c.var.db, keysOf(c.env), site, sso), 200);
    })
    .route("/email", emailRoutes)
    .route("/passkey", passkeyRoutes)
    .route("/oauth", oauthRoutes),
);
