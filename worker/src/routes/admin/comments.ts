// /api/v1/admin/comments: the moderation queue, decisions one at a time and in bulk, erasure.
import {
  adminCommentPatchSchema,
  adminCommentsQuerySchema,
  bulkSchema,
} from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { afterAnswer } from "../../lib/after-answer.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { bulkStatus, eraseComment, listComments, patchComment } from "../../services/admin/comments.ts";
import { adminApp } from "../sub-apps.ts";

export const adminCommentRoutes = adminApp((app) =>
  app
    .get("/", validate("query", adminCommentsQuerySchema), async (c) =>
      c.json(await listComments(c.var.db, actorOf(c), c.req.valid("query")), 200),
    )
    .patch("/:id", jsonBody(), validate("json", adminCommentPatchSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const patched = await patchComment(c.var.db, actorOf(c), id, c.req.valid("json"));
      readsChanged(c, { siteId: patched.value.site });
      afterAnswer(c, patched.transitions, [], patched.live);
      return c.json({ comment: patched.value }, 200);
    })
    .post("/bulk", jsonBody(), validate("json", bulkSchema), async (c) => {
      const { ids, status } = c.req.valid("json");
      const bulk = await bulkStatus(c.var.db, actorOf(c), ids, status);
      for (const siteId of new Set(bulk.transitions.map((t) => t.comment.siteId)))
        readsChanged(c, { siteId });
      afterAnswer(c, bulk.transitions);
      return c.json({ updated: bulk.value }, 200);
    })
    .delete("/:id", async (c) => {
      const erased = await eraseComment(c.var.db, actorOf(c), commentIdParam(c.req.param("id")));
      readsChanged(c, { siteId: erased.value.site });
      afterAnswer(c, erased.transitions);
      return c.body(null, 204);
    }),
);
