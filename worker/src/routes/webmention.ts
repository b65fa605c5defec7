// The Webmention endpoint (W3C Recommendation; docs/api.md, "Webmention"): a form-encoded POST
// from the sender's server, answered 202 with the status URL, and that status. Verification runs
// on the WEBMENTIONS queue, or after the answer when the deployment has no queue for it.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { inBackground } from "../lib/background.ts";
import { keysOf } from "../lib/keys.ts";
import { networkHash } from "../lib/network.ts";
import { readLimited } from "../lib/validation.ts";
import { type MentionMessage, mentionStatus, receiveMention } from "../services/webmention/receive.ts";
import { verifyMention } from "../services/webmention/verify.ts";
import { readerApp } from "./sub-apps.ts";

/** Two URLs and their names: 8 KiB is plenty (each URL is at most 2,048 characters). */
const FORM_MAX_BYTES = 8 * 1024;
const ID = /^[0-9a-z]{10,40}$/;

async function formOf(c: Context<AppEnv>): Promise<URLSearchParams> {
  const type = c.req.header("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    throw new ApiError("unsupported_media_type", "Send the body as application/x-www-form-urlencoded.");
  if (Number(c.req.header("Content-Length") ?? "0") > FORM_MAX_BYTES)
    throw new ApiError("payload_too_large", "The request body is too large.");
  return new URLSearchParams(await readLimited(c.req.raw, FORM_MAX_BYTES));
}

export const webmentionRoutes = readerApp((app) =>
  app
    .post("/", async (c) => {
      const form = await formOf(c);
      const network = await networkHash(keysOf(c.env), c.req.header("CF-Connecting-IP"));
      const { id } = await receiveMention(
        c.var.db,
        { source: form.get("source"), target: form.get("target"), site: c.req.query("site") ?? null },
        network,
      );
      const message: MentionMessage = { id, url: c.req.url, requestId: c.var.requestId };
      if (c.env.WEBMENTIONS) await c.env.WEBMENTIONS.send(message);
      else inBackground(c, "webmention", () => verifyMention(c, id));
      const status = new URL(`/api/v1/webmention/${id}`, c.req.url).href;
      c.header("Location", status);
      return c.json({ id, status: "queued", location: status }, 202);
    })
    .get("/:id", async (c) => {
      const id = c.req.param("id");
      if (!ID.test(id)) throw new ApiError("not_found", "No such Webmention.");
      c.header("Cache-Control", "no-store");
      return c.json(await mentionStatus(c.var.db, id), 200);
    }),
);
