// /api/v1/auth: verified readers (docs/identity.md). Every sign-in answers `{ token, expiresAt,
// identity }`; the token is then sent as `Authorization: Bearer` on reader requests of its site.
import { getSite } from "../db/sites.ts";
import { ApiError } from "../lib/api-error.ts";
import { admitOrigin } from "../lib/cors.ts";
import { keysOf } from "../lib/keys.ts";
import { requireSession } from "../lib/reader-auth.ts";
import { endSession, identityOf } from "../services/auth/sessions.ts";
import { readerApp } from "./sub-apps.ts";

/** The session of the request, admitted for its site's origins. */
async function ownSession(c: Parameters<typeof requireSession>[0]) {
  const session = await requireSession(c);
  const site = await getSite(c.var.db, session.site_id);
  if (!site) throw new ApiError("unauthorized", "This sign-in has ended. Sign in again.");
  admitOrigin(c, site.origins);
  return session;
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
    }),
);
