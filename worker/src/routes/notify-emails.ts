// The confirmation link of a new notification address (services/admin/notify-emails.ts): GET
// shows a page with a button, POST confirms, so a mail scanner opening the link changes nothing.
// The signature is the credential; the address must still be on the site's waiting list.
import { Hono } from "hono";
import { confirmRequest, isPending } from "../db/notify-requests.ts";
import { getSite } from "../db/sites.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { timeId } from "../lib/ids.ts";
import { keysOf } from "../lib/keys.ts";
import { escapeHtml } from "../lib/mail.ts";
import { verifyNotifyConfirm } from "../lib/signed-links.ts";
import { nowIso } from "../lib/time.ts";
import { htmlPage } from "./moderate.ts";

const GONE = "This address is no longer on the site's notification list; ask the site's moderators.";

async function checked(c: { env: AppEnv["Bindings"]; req: { query(k: string): string | undefined } }) {
  const siteId = c.req.query("site") ?? "";
  const email = c.req.query("email") ?? "";
  const verdict = await verifyNotifyConfirm(keysOf(c.env), {
    site: siteId,
    email,
    expires: c.req.query("expires"),
    sig: c.req.query("sig"),
    nowMs: Date.now(),
  });
  if (verdict === "expired")
    throw new ApiError("forbidden", "This link has expired; ask the site's moderators to add you again.");
  if (verdict !== "ok") throw new ApiError("forbidden", "This link is not valid.");
  return { siteId, email };
}

export const notifyEmailRoutes = new Hono<AppEnv>()
  .get("/confirm", async (c) => {
    const { siteId, email } = await checked(c);
    const site = await getSite(c.var.db, siteId);
    if (site?.notifyEmails.includes(email)) return htmlPage("<h1>Already confirmed</h1>");
    if (!site || !(await isPending(c.var.db, siteId, email))) throw new ApiError("link_used", GONE);
    return htmlPage(`<h1>Send moderator notifications of ${escapeHtml(site.name)} to ${escapeHtml(email)}?</h1>
<form method="post"><button type="submit">Confirm</button></form>`);
  })
  .post("/confirm", async (c) => {
    const { siteId, email } = await checked(c);
    const now = nowIso();
    const audit = {
      id: timeId(Date.parse(now)),
      siteId,
      actor: "mail link",
      action: "site.notify_confirm",
      target: siteId,
      detail: { email },
      at: now,
    };
    if (!(await confirmRequest(c.var.db, { siteId, email, audit }))) {
      const site = await getSite(c.var.db, siteId);
      if (site?.notifyEmails.includes(email)) return htmlPage("<h1>Already confirmed</h1>");
      throw new ApiError("link_used", GONE);
    }
    return htmlPage(
      `<h1>Done</h1><p>${escapeHtml(email)} now gets the moderator notifications of this site.</p>`,
    );
  });
