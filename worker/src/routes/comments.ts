// Writing comments: post (idempotent with a key), the author's edit and delete, likes, replies.
import { Hono, type MiddlewareHandler } from "hono";
import {
  createCommentSchema,
  editCommentSchema,
  IDEMPOTENCY_KEY_PATTERN,
  repliesQuerySchema,
} from "../../../shared/schemas.ts";
import type { AppEnv } from "../env.ts";
import { validationError } from "../lib/api-error.ts";
import { commentIdParam } from "../lib/comment-id.ts";
import { admitOrigin } from "../lib/cors.ts";
import { bearerToken } from "../lib/edit-token.ts";
import { mailConfig } from "../lib/mail.ts";
import { networkHash } from "../lib/network.ts";
import { hashSecret } from "../lib/secrets.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { deleteComment, editComment } from "../services/author-edits.ts";
import { createComment } from "../services/comments.ts";
import { like, readerHash } from "../services/likes.ts";
import { notifyNewComment } from "../services/notify.ts";
import { loadReplies } from "../services/replies.ts";

function idempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!IDEMPOTENCY_KEY_PATTERN.test(header)) throw validationError({ "Idempotency-Key": "invalid" });
  return header;
}

/** 401 before anything else is read: an edit without a token is refused whatever its body. */
const requireEditToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  bearerToken(c.req.header("Authorization"));
  await next();
};

export const commentRoutes = new Hono<AppEnv>()
  .post("/comments", jsonBody(), validate("json", createCommentSchema), async (c) => {
    const key = idempotencyKey(c.req.header("Idempotency-Key"));
    const secret = hashSecret(c.env);
    const created = await createComment(c.var.db, c.req.valid("json"), {
      admit: (site) => admitOrigin(c, site.origins),
      networkHash: await networkHash(secret, c.req.header("CF-Connecting-IP")),
      secret,
      idempotencyKey: key,
      remote: {
        ip: c.req.header("CF-Connecting-IP"),
        userAgent: c.req.header("User-Agent"),
        turnstileUrl: c.env.TURNSTILE_VERIFY_URL,
        akismet: c.env.AKISMET_API_KEY ? { url: c.env.AKISMET_URL, key: c.env.AKISMET_API_KEY } : null,
      },
      written: (site, comment, webhookSecret) =>
        c.executionCtx.waitUntil(
          notifyNewComment(c.var.db, {
            site,
            comment,
            baseUrl: new URL(c.req.url).origin,
            secret,
            mail: mailConfig(c.env),
            webhooks: { queue: c.env.WEBHOOKS, secret: webhookSecret },
          }),
        ),
    });
    return c.json(created, 201);
  })
  .patch("/comments/:id", requireEditToken, jsonBody(), validate("json", editCommentSchema), async (c) => {
    const id = commentIdParam(c.req.param("id"));
    const token = bearerToken(c.req.header("Authorization"));
    const edited = await editComment(c.var.db, id, c.req.valid("json").text, {
      token,
      admit: (origins) => admitOrigin(c, origins),
    });
    return c.json(edited, 200);
  })
  .delete("/comments/:id", async (c) => {
    const token = bearerToken(c.req.header("Authorization"));
    const id = commentIdParam(c.req.param("id"));
    await deleteComment(c.var.db, id, { token, admit: (origins) => admitOrigin(c, origins) });
    return c.body(null, 204);
  })
  .on(["POST", "DELETE"], "/comments/:id/like", async (c) => {
    const id = commentIdParam(c.req.param("id"));
    const result = await like(c.var.db, {
      commentId: id,
      readerHash: await readerHash(
        hashSecret(c.env),
        c.req.header("CF-Connecting-IP"),
        c.req.header("User-Agent"),
      ),
      liked: c.req.method === "POST",
      admit: (origins) => admitOrigin(c, origins),
    });
    return c.json(result, 200);
  })
  .get("/comments/:id/replies", validate("query", repliesQuerySchema), async (c) => {
    const id = commentIdParam(c.req.param("id"));
    const q = c.req.valid("query");
    const page = await loadReplies(c.var.db, {
      id,
      cursor: q.cursor,
      limit: q.limit,
      admit: (origins) => admitOrigin(c, origins),
    });
    return c.json(page, 200);
  });
