// /api/v1/admin/threads: the threads of a site, locking and retitling, and merging two threads.
import {
  listQuerySchema,
  mergeSchema,
  threadCreateSchema,
  threadPatchSchema,
} from "../../../../shared/admin-schemas.ts";
import type { AdminThread } from "../../../../shared/admin-types.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { inBackground, type WorkContext } from "../../lib/background.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { publishToThreads } from "../../live/publish.ts";
import { createThread, listThreads, merge, patchThread } from "../../services/admin/threads.ts";
import { pullThread } from "../../services/social/pull.ts";
import { adminApp } from "../sub-apps.ts";

/** A thread just linked to posts is pulled at once, after the answer (docs/social.md). */
function pullNow(c: WorkContext, thread: AdminThread, linked: boolean): void {
  if (linked && thread.social.length > 0)
    inBackground(c, "social pull", () => pullThread(c, thread.id, new Date().toISOString()));
}

export const adminThreadRoutes = adminApp((app) =>
  app
    .get("/", validate("query", listQuerySchema), async (c) =>
      c.json(await listThreads(c.var.db, actorOf(c), c.req.valid("query")), 200),
    )
    .post("/", jsonBody(), validate("json", threadCreateSchema), async (c) => {
      const { thread, created } = await createThread(c.var.db, actorOf(c), c.req.valid("json"));
      pullNow(c, thread, true);
      return c.json({ thread }, created ? 201 : 200);
    })
    .patch("/:id", jsonBody(), validate("json", threadPatchSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const body = c.req.valid("json");
      const { thread, movedFrom } = await patchThread(c.var.db, actorOf(c), id, body);
      readsChanged(c, { siteId: thread.site });
      pullNow(c, thread, body.social !== undefined);
      const { locked, title } = body;
      if (movedFrom)
        publishToThreads(
          c,
          [
            [thread.site, movedFrom],
            [thread.site, thread.key],
          ],
          { type: "reload" },
        );
      else if (locked !== undefined || title !== undefined)
        publishToThreads(c, [[thread.site, thread.key]], { type: "thread", thread: { locked, title } });
      return c.json({ thread }, 200);
    })
    .post("/:id/merge", jsonBody(), validate("json", mergeSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const { emptied, ...result } = await merge(c.var.db, actorOf(c), id, c.req.valid("json").into);
      const site = result.thread.site;
      readsChanged(c, { siteId: site });
      // Both pages' readers read again: one thread is gone, the other holds its comments.
      publishToThreads(
        c,
        [
          [site, emptied],
          [site, result.thread.key],
        ],
        { type: "reload" },
      );
      return c.json(result, 200);
    }),
);
