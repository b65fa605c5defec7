// The admin API (design/api.md, "Admin endpoints"): bearer token, no CORS, every action audited.
import { type Context, Hono } from "hono";
import {
  adminCommentPatchSchema,
  adminCommentsQuerySchema,
  banCreateSchema,
  banListQuerySchema,
  bulkSchema,
  exportQuerySchema,
  importQuerySchema,
  listQuerySchema,
  mergeSchema,
  siteCreateSchema,
  sitePatchSchema,
  threadPatchSchema,
  tokenCreateSchema,
} from "../../../shared/admin-schemas.ts";
import { listAudit } from "../db/audit.ts";
import { listDeliveries, listOutbox } from "../db/notifications.ts";
import type { AppEnv } from "../env.ts";
import { actorOf, adminAuth, scope } from "../lib/admin-auth.ts";
import { afterAnswer } from "../lib/after-answer.ts";
import { ApiError } from "../lib/api-error.ts";
import { commentIdParam } from "../lib/comment-id.ts";
import { keysOf } from "../lib/keys.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { bansOf, createBan, removeBan } from "../services/admin/bans.ts";
import { bulkStatus, eraseComment, listComments, patchComment } from "../services/admin/comments.ts";
import { exportSite } from "../services/admin/export.ts";
import { importFile } from "../services/admin/import-file.ts";
import { createSite, type SiteContext, sitesFor, updateSite } from "../services/admin/sites.ts";
import { listThreads, merge, patchThread } from "../services/admin/threads.ts";
import { mintToken, revokeToken, tokensFor } from "../services/admin/tokens.ts";

const id = (raw: string) => commentIdParam(raw);

/** What a site write needs of its request: the settings, the worker's origin for mail links. */
const siteContext = (c: Context<AppEnv>): SiteContext => ({
  env: c.env,
  baseUrl: new URL(c.req.url).origin,
  defer: (task) => c.executionCtx.waitUntil(task),
});

export const adminRoutes = new Hono<AppEnv>()
  .use("*", adminAuth())
  .get("/comments", validate("query", adminCommentsQuerySchema), async (c) =>
    c.json(await listComments(c.var.db, actorOf(c), c.req.valid("query")), 200),
  )
  .patch("/comments/:id", jsonBody(), validate("json", adminCommentPatchSchema), async (c) => {
    const patched = await patchComment(c.var.db, actorOf(c), id(c.req.param("id")), c.req.valid("json"));
    afterAnswer(c, patched.transitions);
    return c.json({ comment: patched.value }, 200);
  })
  .post("/comments/bulk", jsonBody(), validate("json", bulkSchema), async (c) => {
    const { ids, status } = c.req.valid("json");
    const bulk = await bulkStatus(c.var.db, actorOf(c), ids, status);
    afterAnswer(c, bulk.transitions);
    return c.json({ updated: bulk.value }, 200);
  })
  .delete("/comments/:id", async (c) => {
    const erased = await eraseComment(c.var.db, actorOf(c), id(c.req.param("id")));
    afterAnswer(c, erased.transitions);
    return c.body(null, 204);
  })
  .get("/outbox", validate("query", listQuerySchema), async (c) =>
    c.json({ mails: await listOutbox(c.var.db, scope(actorOf(c), c.req.valid("query").site), 100) }, 200),
  )
  .get("/webhooks", validate("query", listQuerySchema), async (c) =>
    c.json(
      { deliveries: await listDeliveries(c.var.db, scope(actorOf(c), c.req.valid("query").site), 100) },
      200,
    ),
  )
  .get("/threads", validate("query", listQuerySchema), async (c) =>
    c.json(await listThreads(c.var.db, actorOf(c), c.req.valid("query")), 200),
  )
  .patch("/threads/:id", jsonBody(), validate("json", threadPatchSchema), async (c) => {
    const thread = await patchThread(c.var.db, actorOf(c), id(c.req.param("id")), c.req.valid("json"));
    return c.json({ thread }, 200);
  })
  .post("/threads/:id/merge", jsonBody(), validate("json", mergeSchema), async (c) => {
    const result = await merge(c.var.db, actorOf(c), id(c.req.param("id")), c.req.valid("json").into);
    return c.json(result, 200);
  })
  .get("/sites", async (c) => c.json({ sites: await sitesFor(c.var.db, actorOf(c)) }, 200))
  .post("/sites", jsonBody(), validate("json", siteCreateSchema), async (c) => {
    const site = await createSite(c.var.db, actorOf(c), c.req.valid("json"), siteContext(c));
    return c.json({ site }, 201);
  })
  .patch("/sites/:id", jsonBody(), validate("json", sitePatchSchema), async (c) => {
    const site = await updateSite(
      c.var.db,
      actorOf(c),
      c.req.param("id"),
      c.req.valid("json"),
      siteContext(c),
    );
    return c.json({ site }, 200);
  })
  .get("/bans", validate("query", banListQuerySchema), async (c) =>
    c.json({ bans: await bansOf(c.var.db, actorOf(c), c.req.valid("query").site) }, 200),
  )
  .post("/bans", jsonBody(), validate("json", banCreateSchema), async (c) => {
    const ban = await createBan(c.var.db, actorOf(c), c.req.valid("json"));
    return c.json({ ban }, 201);
  })
  .delete("/bans/:id", async (c) => {
    await removeBan(c.var.db, actorOf(c), id(c.req.param("id")));
    return c.body(null, 204);
  })
  .get("/tokens", async (c) => c.json({ tokens: await tokensFor(c.var.db, actorOf(c)) }, 200))
  .post("/tokens", jsonBody(), validate("json", tokenCreateSchema), async (c) =>
    c.json(await mintToken(c.var.db, actorOf(c), c.req.valid("json")), 201),
  )
  .delete("/tokens/:id", async (c) => {
    if (!(await revokeToken(c.var.db, actorOf(c), id(c.req.param("id"))))) {
      throw new ApiError("not_found", "No such token.");
    }
    return c.body(null, 204);
  })
  .get("/audit", validate("query", listQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const limit = 50;
    const rows = await listAudit(c.var.db, {
      sites: scope(actorOf(c), q.site),
      cursor: q.cursor ?? null,
      limit: limit + 1,
    });
    const entries = rows.slice(0, limit);
    return c.json({ entries, nextCursor: rows.length > limit ? (entries.at(-1)?.id ?? null) : null }, 200);
  })
  .get("/export", validate("query", exportQuerySchema), async (c) => {
    const site = c.req.valid("query").site;
    const file = await exportSite(c.var.db, actorOf(c), site);
    c.header("Content-Disposition", `attachment; filename="confab-${site}.json"`);
    return c.json(file, 200);
  })
  .post("/import", validate("query", importQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const result = await importFile(c.var.db, actorOf(c), {
      siteId: q.site,
      format: q.format,
      // Read by the importer as it arrives (WXR, Disqus) or whole (Confab), each with its limit.
      body: c.req.raw,
      map: q.map.map((rule) => {
        const [from = "", to = ""] = rule.split("=");
        return { from, to };
      }),
      keys: keysOf(c.env),
      siteContext: siteContext(c),
    });
    return c.json(result, 200);
  })
  .all("*", () => {
    throw new ApiError("not_found", "No such endpoint.");
  });
