// One-click moderation from a notification mail: GET shows what the signed link will do and a
// button; POST (from that button) does it. Mail scanners that follow links therefore never
// approve or delete anything. The signature binds the action, the comment, the comment's state
// when the mail was sent and the expiry: once the comment has changed, the link is used up.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { afterAnswer } from "../lib/after-answer.ts";
import { ApiError } from "../lib/api-error.ts";
import { commentIdParam } from "../lib/comment-id.ts";
import { keysOf } from "../lib/keys.ts";
import { escapeHtml } from "../lib/mail.ts";
import { readsChanged } from "../lib/reads/changed.ts";
import { type LinkAction, verifyLink } from "../lib/signed-links.ts";
import { decideByLink, linkStillFresh } from "../services/moderation/by-link.ts";

const STATUS = { approve: "approved", spam: "spam", delete: "deleted" } as const;
const LABEL = { approve: "Approve", spam: "Mark as spam", delete: "Delete" } as const;
const DONE = { approve: "approved", spam: "marked as spam", delete: "deleted" } as const;

/** A small self-contained HTML page for links opened from mails. */
export function htmlPage(body: string): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>Confab</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body>${body}</body></html>`,
    {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy":
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        "Cache-Control": "no-store",
      },
    },
  );
}

async function checked(c: {
  env: AppEnv["Bindings"];
  req: { param(k: string): string; query(k: string): string | undefined };
}) {
  const action = c.req.param("action") as LinkAction;
  if (!(action in STATUS)) throw new ApiError("not_found", "No such action.");
  const id = commentIdParam(c.req.param("id"));
  const stamp = c.req.query("v");
  const verdict = await verifyLink(keysOf(c.env), {
    action,
    id,
    stamp,
    expires: c.req.query("expires"),
    sig: c.req.query("sig"),
    nowMs: Date.now(),
  });
  if (verdict === "expired")
    throw new ApiError("forbidden", "This link has expired; moderate in the dashboard.");
  if (verdict !== "ok") throw new ApiError("forbidden", "This link is not valid.");
  return { action, id, stamp: Number(stamp) };
}

export const moderateRoutes = new Hono<AppEnv>()
  .get("/:action/:id", async (c) => {
    const { action, id, stamp } = await checked(c);
    await linkStillFresh(c.var.db, id, stamp);
    return htmlPage(`<h1>${LABEL[action]} this comment?</h1>
<form method="post"><button type="submit">${escapeHtml(LABEL[action])}</button></form>`);
  })
  .post("/:action/:id", async (c) => {
    const { action, id, stamp } = await checked(c);
    const transitions = await decideByLink(c.var.db, { id, status: STATUS[action], stamp });
    for (const siteId of new Set(transitions.map((t) => t.comment.siteId))) readsChanged(c, { siteId });
    afterAnswer(c, transitions);
    return htmlPage(`<h1>Done</h1><p>The comment is ${DONE[action]}.</p>`);
  });
