// Sign-in by email (services/auth/email.ts), mounted by routes/auth.ts under /api/v1/auth/email.
// The mail's link opens a page here: GET shows a button, POST signs in, so a mail scanner that
// opens the link signs nobody in. The link's secret is its credential, as with the other mail links.
import { Hono } from "hono";
import { emailCodeSchema, emailLinkQuerySchema, emailVerifySchema } from "../../../../shared/schemas.ts";
import { getSite, type Site } from "../../db/sites.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { inBackground } from "../../lib/background.ts";
import { admitOrigin, originAllowed } from "../../lib/cors.ts";
import { keysOf } from "../../lib/keys.ts";
import { escapeHtml, mailConfig, sendMail } from "../../lib/mail.ts";
import { networkHash } from "../../lib/network.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { codeOfLink, requestCode, signInByLink, verifyCode } from "../../services/auth/email.ts";
import { deploymentMethods } from "../../services/auth/methods.ts";
import { htmlPage } from "../moderate.ts";

type Ctx = Parameters<typeof admitOrigin>[0];

/** The site of a sign-in, admitted for the request's Origin, when it offers sign-in by email. */
async function emailSite(c: Ctx, siteId: string): Promise<Site> {
  const site = await getSite(c.var.db, siteId);
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  admitOrigin(c, site.origins);
  if (!site.signIn.includes("email") || !deploymentMethods(c.env).has("email"))
    throw new ApiError("forbidden", "This site does not offer sign-in by email.");
  return site;
}

/** The link page's policy: that of every mail-link page, with the form allowed to land on `origin`. */
const pageCsp = (origin: string) =>
  `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${origin}; frame-ancestors 'none'`;

const NO_RETURN = `<h1>Enter the code</h1><p>Go back to the page where you asked to sign in and enter the
6-digit code of this mail there.</p>`;

export const emailRoutes = new Hono<AppEnv>()
  .post("/", jsonBody(), validate("json", emailCodeSchema), async (c) => {
    const q = c.req.valid("json");
    const site = await emailSite(c, q.site);
    if (q.url && !originAllowed(site.origins, new URL(q.url).origin))
      throw validationError({ url: "invalid" });
    const keys = keysOf(c.env);
    const { expiresAt, mail } = await requestCode(c.var.db, keys, {
      ...{ site, email: q.email, returnUrl: q.url || null },
      network: await networkHash(keys, c.req.header("CF-Connecting-IP")),
      baseUrl: new URL(c.req.url).origin,
    });
    const db = c.var.db;
    const cfg = mailConfig(c.env);
    inBackground(c, "sign-in-mail", () => sendMail(db, cfg, mail));
    return c.json({ expiresAt }, 202);
  })
  .post("/verify", jsonBody(), validate("json", emailVerifySchema), async (c) => {
    const q = c.req.valid("json");
    await emailSite(c, q.site);
    c.header("Cache-Control", "private, no-store");
    return c.json(
      await verifyCode(c.var.db, keysOf(c.env), { siteId: q.site, email: q.email, code: q.code }),
      200,
    );
  })
  .get("/confirm", validate("query", emailLinkQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const row = await codeOfLink(c.var.db, keysOf(c.env), { id: q.c, secret: q.k });
    if (!row.return_url) return htmlPage(NO_RETURN);
    const site = await getSite(c.var.db, row.site_id);
    const page =
      htmlPage(`<h1>Sign in to the comments of ${escapeHtml(site?.name ?? row.site_id)} as ${escapeHtml(row.email)}?</h1>
<form method="post"><button type="submit">Sign in</button></form>`);
    // The form's answer redirects to the reader's page: browsers hold that redirect to form-action.
    page.headers.set("Content-Security-Policy", pageCsp(new URL(row.return_url).origin));
    return page;
  })
  .post("/confirm", validate("query", emailLinkQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const keys = keysOf(c.env);
    const row = await codeOfLink(c.var.db, keys, { id: q.c, secret: q.k });
    if (!row.return_url) return htmlPage(NO_RETURN);
    const { token } = await signInByLink(c.var.db, keys, row);
    const back = `${row.return_url.replace(/#.*$/, "")}#confab-signin=${token}`;
    return new Response(null, {
      status: 303,
      headers: { Location: back, "Cache-Control": "no-store" },
    });
  });
