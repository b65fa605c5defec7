// /api/v1/auth/passkey (docs/api.md, "Passkeys"): adding a passkey to the signed-in identity,
// and signing in with one. Mounted by routes/auth.ts, inside its reader middleware.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { Hono } from "hono";
import { passkeyOptionsSchema, passkeyVerifySchema } from "../../../../shared/auth-schemas.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import { keysOf } from "../../lib/keys.ts";
import { requireSession } from "../../lib/reader-auth.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import {
  loginOptions,
  registerPasskey,
  registrationOptions,
  signInWithPasskey,
} from "../../services/auth/passkeys.ts";
import { offeringSite, relyingParty } from "./site.ts";

/** The signed-in reader of the body's site: a token of another site is refused. */
async function signedInOn(c: Parameters<typeof requireSession>[0], siteId: string) {
  const session = await requireSession(c);
  if (session.site_id !== siteId)
    throw new ApiError("unauthorized", "This sign-in belongs to another site. Sign in again.");
  const site = await offeringSite(c, siteId, "passkey");
  return { session, rp: await relyingParty(c, site) };
}

export const passkeyRoutes = new Hono<AppEnv>()
  .post("/register/options", jsonBody(), validate("json", passkeyOptionsSchema), async (c) => {
    const { session, rp } = await signedInOn(c, c.req.valid("json").site);
    return c.json(await registrationOptions(c.var.db, rp, session), 200);
  })
  .post("/register/verify", jsonBody(), validate("json", passkeyVerifySchema), async (c) => {
    const body = c.req.valid("json");
    const { session, rp } = await signedInOn(c, body.site);
    const response = body.response as unknown as RegistrationResponseJSON;
    return c.json(await registerPasskey(c.var.db, rp, session, body.ceremony, response), 201);
  })
  .post("/login/options", jsonBody(), validate("json", passkeyOptionsSchema), async (c) => {
    const rp = await relyingParty(c, await offeringSite(c, c.req.valid("json").site, "passkey"));
    return c.json(await loginOptions(c.var.db, rp), 200);
  })
  .post("/login/verify", jsonBody(), validate("json", passkeyVerifySchema), async (c) => {
    const body = c.req.valid("json");
    const rp = await relyingParty(c, await offeringSite(c, body.site, "passkey"));
    const response = body.response as unknown as AuthenticationResponseJSON;
    return c.json(await signInWithPasskey(c.var.db, keysOf(c.env), rp, body.ceremony, response), 200);
  });
