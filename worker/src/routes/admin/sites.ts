// /api/v1/admin/sites: the sites a token may see; creating one (operator only), its settings, and
// its SSO secret (made or rotated, shown once; or cleared).
import { siteCreateSchema, sitePatchSchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { createSite, sitesFor, updateSite } from "../../services/admin/sites.ts";
import { clearSsoSecret, makeSsoSecret } from "../../services/admin/sso-secret.ts";
import { adminApp } from "../sub-apps.ts";
import { siteContext } from "./site-context.ts";

export const adminSiteRoutes = adminApp((app) =>
  app
    .get("/", async (c) => c.json({ sites: await sitesFor(c.var.db, actorOf(c)) }, 200))
    .post("/", jsonBody(), validate("json", siteCreateSchema), async (c) => {
      const site = await createSite(c.var.db, actorOf(c), c.req.valid("json"), siteContext(c));
      return c.json({ site }, 201);
    })
    .patch("/:id", jsonBody(), validate("json", sitePatchSchema), async (c) => {
      const patch = c.req.valid("json");
      const site = await updateSite(c.var.db, actorOf(c), c.req.param("id"), patch, siteContext(c));
      readsChanged(c, { siteId: site.id });
      return c.json({ site }, 200);
    })
    .post("/:id/sso-secret", async (c) => {
      const secret = await makeSsoSecret(c.var.db, actorOf(c), c.req.param("id"));
      readsChanged(c, { siteId: c.req.param("id") });
      c.header("Cache-Control", "no-store");
      return c.json({ secret }, 201);
    })
    .delete("/:id/sso-secret", async (c) => {
      await clearSsoSecret(c.var.db, actorOf(c), c.req.param("id"));
      readsChanged(c, { siteId: c.req.param("id") });
      return c.body(null, 204);
    }),
);
