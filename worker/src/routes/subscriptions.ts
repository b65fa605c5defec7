// The links of reply mails: confirm (double opt-in) and unsubscribe. GET shows a page with a
// button, POST acts, so a mail scanner following a link changes nothing.
import { Hono } from "hono";
import { confirm, unsubscribe } from "../db/subscriptions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { keysOf } from "../lib/keys.ts";
import { escapeHtml } from "../lib/mail.ts";
import { type ConsentAction, verifyConsent } from "../lib/signed-links.ts";
import { nowIso } from "../lib/time.ts";
import { htmlPage } from "./moderate.ts";

const TEXT = {
  confirm: {
    ask: "Send me a mail when someone replies to my comments on this site.",
    done: "Reply mails are on.",
  },
  unsubscribe: {
    ask: "Stop reply mails from this site.",
    done: "You will get no more reply mails from this site.",
  },
} as const;

async function checked(c: {
  env: AppEnv["Bindings"];
  req: { param(k: string): string; query(k: string): string | undefined };
}) {
  const action = c.req.param("action") as ConsentAction;
  if (!(action in TEXT)) throw new ApiError("not_found", "No such action.");
  const site = c.req.query("site") ?? "";
  const email = c.req.query("email") ?? "";
  const verdict = await verifyConsent(keysOf(c.env), {
    action,
    site,
    email,
    expires: c.req.query("expires"),
    sig: c.req.query("sig"),
    nowMs: Date.now(),
  });
  if (verdict === "expired") throw new ApiError("forbidden", "This link has expired.");
  if (verdict !== "ok") throw new ApiError("forbidden", "This link is not valid.");
  return { action, site, email };
}

export const subscriptionRoutes = new Hono<AppEnv>()
  .get("/:action", async (c) => {
    const { action } = await checked(c);
    return htmlPage(
      `<h1>${escapeHtml(TEXT[action].ask)}</h1><form method="post"><button type="submit">OK</button></form>`,
    );
  })
  .post("/:action", async (c) => {
    const { action, site, email } = await checked(c);
    await (action === "confirm" ? confirm : unsubscribe)(c.var.db, site, email, nowIso());
    return htmlPage(`<h1>Done</h1><p>${escapeHtml(TEXT[action].done)}</p>`);
  });
