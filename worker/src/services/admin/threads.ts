// Moderating threads: list, lock, retitle, move to a new URL, and merge a split page into one.

import type { AdminThread } from "../../../../shared/admin-types.ts";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import { adminThread, listAdminThreads, mergeThreads, updateThread } from "../../db/admin-threads.ts";
import { insertAudit } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getSite } from "../../db/sites.ts";
import { threadByKey } from "../../db/threads.ts";
import { type Actor, canSee, scope } from "../../lib/admin-auth.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { originAllowed } from "../../lib/cors.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";

const notFound = () => new ApiError("not_found", "This thread does not exist.");

export async function listThreads(db: Db, actor: Actor, q: { site?: string; cursor?: string }) {
  const limit = 50;
  const rows = await listAdminThreads(db, {
    sites: scope(actor, q.site),
    cursor: q.cursor ?? null,
    limit: limit + 1,
  });
  const threads = rows.slice(0, limit);
  return { threads, nextCursor: rows.length > limit ? (threads.at(-1)?.id ?? null) : null };
}

async function loadVisible(db: Db, actor: Actor, id: string): Promise<AdminThread> {
  const { thread } = await batch(db, { thread: adminThread(db, id) });
  if (!thread || !canSee(actor, thread.site)) throw notFound();
  return thread;
}

export async function patchThread(
  db: Db,
  actor: Actor,
  id: string,
  body: { locked?: boolean; title?: string | null; url?: string },
): Promise<{ thread: AdminThread; movedFrom: string | null }> {
  const thread = await loadVisible(db, actor, id);
  let key: string | null = null;
  if (body.url !== undefined) {
    const site = await getSite(db, thread.site);
    if (!site || !originAllowed(site.origins, new URL(body.url).origin))
      throw validationError({ url: "invalid" });
    key = pageKeyFromUrl(body.url);
    const { taken } = await batch(db, { taken: threadByKey(db, thread.site, key) });
    if (taken && taken.id !== id) {
      throw new ApiError("validation_failed", "Another thread already has this URL; merge the two instead.", {
        fields: { url: "invalid" },
      });
    }
  }
  const now = nowIso();
  const { after } = await batch(db, {
    update: exec(
      updateThread(db, {
        id,
        locked: body.locked ?? null,
        title: body.title,
        url: body.url ?? null,
        key,
        now,
      }),
    ),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: thread.site, action: "thread.update", target: id, detail: body }),
      ),
    ),
    after: adminThread(db, id),
  });
  // The key the thread had, when it moved to another page (its readers there must read again).
  return { thread: after ?? thread, movedFrom: key !== null && key !== thread.key ? thread.key : null };
}

export async function merge(db: Db, actor: Actor, id: string, into: string) {
  if (id === into) throw validationError({ into: "invalid" });
  const from = await loadVisible(db, actor, id);
  const target = await loadVisible(db, actor, into);
  if (from.site !== target.site) throw validationError({ into: "invalid" });
  const now = nowIso();
  const { moved, after } = await batch(db, {
    moved: mergeThreads(db, { from: id, into, now }),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: from.site, action: "thread.merge", target: id, detail: { into } }),
      ),
    ),
    after: adminThread(db, into),
  });
  return { thread: after ?? target, moved, emptied: from.key };
}
