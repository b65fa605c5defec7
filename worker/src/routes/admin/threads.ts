// /api/v1/admin/threads: the threads of a site, locking and retitling, and merging two threads.
import { listQuerySchema, mergeSchema, threadPatchSchema } from "../../../../shared/admin-schemas.ts";
import { actorOf } from "../../lib/admin-auth.ts";
import { commentIdParam } from "../../lib/comment-id.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { jsonBody, validate } from "../../lib/validation.ts";
import { listThreads, merge, patchThread } from "../../services/admin/threads.ts";
import { adminApp } from "../sub-apps.ts";

export const adminThreadRoutes = adminApp((app) =>
  app
    .get("/", validate("query", listQuerySchema), async (c) =>
      c.json(await listThreads(c.var.db, actorOf(c), c.req.valid("query")), 200),
    )
    .patch("/:id", jsonBody(), validate("json", threadPatchSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const thread = await patchThread(c.var.db, actorOf(c), id, c.req.valid("json"));
      readsChanged(c, { siteId: thread.site });
      return c.json({ thread }, 200);
    })
    .post("/:id/merge", jsonBody(), validate("json", mergeSchema), async (c) => {
      const id = commentIdParam(c.req.param("id"));
      const result = await merge(c.var.db, actorOf(c), id, c.req.valid("json").into);
      readsChanged(c, { siteId: result.thread.site });
      return c.json(result, 200);
    }),
);
