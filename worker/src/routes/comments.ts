// Writing comments: post (idempotent with a key), the author's edit and delete, likes, reports,
// replies.
import type { MiddlewareHandler } from "hono";
import { pageKey } from "../../../shared/page-key.ts";
import {
  createCommentSchema,
  editCommentSchema,
  IDEMPOTENCY_KEY_PATTERN,
  likeSchema,
  repliesQuerySchema,
  reportSchema,
} from "../../../shared/schemas.ts";
import type { AppEnv } from "../env.ts";
import { afterAnswer } from "../lib/after-answer.ts";
import { validationError } from "../lib/api-error.ts";
import { commentIdParam } from "../lib/comment-id.ts";
import { admitOrigin } from "../lib/cors.ts";
import { bearerToken } from "../lib/edit-token.ts";
import { keysOf } from "../lib/keys.ts";
import { networkHash } from "../lib/network.ts";
import { readerSession } from "../lib/reader-auth.ts";
import { readsChanged } from "../lib/reads/changed.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { publishLive } from "../live/publish.ts";
import { deleteComment, editComment } from "../services/author-edits.ts";
import { createComment } from "../services/comments.ts";
import { like } from "../services/likes.ts";
import { loadReplies } from "../services/replies.ts";
import { report } from "../services/reports.ts";
import type { RemoteContext } from "../spam/remote-checks.ts";
import { readerApp } from "./sub-apps.ts";

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

const remoteOf = (c: {
  env: AppEnv["Bindings"];
  req: { header(k: string): string | undefined };
}): RemoteContext => ({
  ip: c.req.header("CF-Connecting-IP"),
  userAgent: c.req.header("User-Agent"),
  turnstileUrl: c.env.TURNSTILE_VERIFY_URL,
  akismet: c.env.AKISMET_API_KEY ? { url: c.env.AKISMET_URL, key: c.env.AKISMET_API_KEY } : null,
});

export const commentRoutes = readerApp((app) =>
  app
    .post("/", jsonBody(), validate("json", createCommentSchema), async (c) => {
      const keys = keysOf(c.env);
      const input = c.req.valid("json");
      const posted = await createComment(c.var.db, input, {
        session: await readerSession(c, input.site),
        admit: (site) => admitOrigin(c, site.origins),
        keys,
        networkHash: await networkHash(keys, c.req.header("CF-Connecting-IP")),
        idempotencyKey: idempotencyKey(c.req.header("Idempotency-Key")),
        remote: remoteOf(c),
      });
      // A held comment changes nothing a reader sees (the author has it from this answer).
      if (posted.answer.comment.status === "approved")
        readsChanged(c, { siteId: c.req.valid("json").site, pageKey: pageKey(c.req.valid("json")) });
      afterAnswer(c, posted.transitions, posted.sites, posted.live);
      return c.json(posted.answer, 201);
    })
    .patch("/:id", requireEditToken, jsonBody(), validate("json", editCommentSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const edited = await editComment(c.var.db, id, c.req.valid("json").text, {
        token: bearerToken(c.req.header("Authorization")),
        admit: (origins) => admitOrigin(c, origins),
        remote: remoteOf(c),
      });
      readsChanged(c, edited.changed);
      afterAnswer(c, edited.transitions, [], edited.live);
      return c.json(edited.answer, 200);
    })
    .delete("/:id", async (c) => {
      const token = bearerToken(c.req.header("Authorization"));
      const id = commentIdParam(c.req.param("id"));
      const deleted = await deleteComment(c.var.db, id, {
        token,
        admit: (origins) => admitOrigin(c, origins),
        remote: remoteOf(c),
      });
      readsChanged(c, deleted.changed);
      afterAnswer(c, deleted.transitions);
      return c.body(null, 204);
    })
    .on(["POST", "DELETE"], "/:id/like", jsonBody(), validate("json", likeSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const keys = keysOf(c.env);
      const result = await like(c.var.db, {
        commentId: id,
        keys,
        network: await networkHash(keys, c.req.header("CF-Connecting-IP")),
        reader: c.req.valid("json").reader,
        liked: c.req.method === "POST",
        admit: (origins) => admitOrigin(c, origins),
      });
      readsChanged(c, result.changed);
      // The new count reaches live readers as an update of the comment (its public face has it).
      publishLive(c, [{ id, shownBefore: true }]);
      return c.json(result.answer, 200);
    })
    .post("/:id/report", jsonBody(), validate("json", reportSchema), async (c) => {
      const keys = keysOf(c.env);
      const filed = await report(c.var.db, {
        commentId: commentIdParam(c.req.param("id")),
        ...c.req.valid("json"),
        keys,
        network: await networkHash(keys, c.req.header("CF-Connecting-IP")),
        admit: (origins) => admitOrigin(c, origins),
      });
      // Held: it left the thread.
      if (filed.changed) readsChanged(c, filed.changed);
      afterAnswer(c, filed.transitions);
      return c.json({ received: true }, 202);
    })
    .get("/:id/replies", validate("query", repliesQuerySchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const q = c.req.valid("query");
      const page = await loadReplies(c.var.db, {
        id,
        cursor: q.cursor,
        limit: q.limit,
        admit: (origins) => admitOrigin(c, origins),
      });
      return c.json(page, 200);
    }),
);
