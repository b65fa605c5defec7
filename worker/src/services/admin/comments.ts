// Moderating comments: queue and search, status decisions (single and bulk), edit, pin, erase.

import type { AdminComment, AdminStatus } from "../../../../shared/admin-types.ts";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import {
  adminCommentFrom,
  erase,
  idsInScope,
  listAdminComments,
  selectAdminComment,
  setPinned,
  setStatus,
  setText,
} from "../../db/admin-comments.ts";
import { insertAudit } from "../../db/audit.ts";
import type { Db } from "../../db/database.ts";
import { type Actor, canSee, scope } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { nowIso } from "../../lib/time.ts";
import { RENDERER_VERSION, renderMarkdown } from "../../render/markdown.ts";
import { auditOf } from "./audit-id.ts";

const notFound = () => new ApiError("not_found", "This comment does not exist.");

export async function listComments(
  db: Db,
  actor: Actor,
  q: {
    site?: string;
    status: AdminStatus | "all";
    url?: string;
    q?: string;
    cursor?: string;
    limit?: number;
  },
): Promise<{ comments: AdminComment[]; nextCursor: string | null }> {
  const limit = q.limit ?? 50;
  const rows = await listAdminComments(db, {
    sites: scope(actor, q.site),
    status: q.status,
    pageKey: q.url ? pageKeyFromUrl(q.url) : null,
    like: q.q ? `%${q.q.replace(/[\\%_]/g, "\\$&")}%` : null,
    cursor: q.cursor ?? null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { comments: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

async function loadVisible(db: Db, actor: Actor, id: string): Promise<AdminComment> {
  const comment = adminCommentFrom(await selectAdminComment(db, id).all());
  if (!comment || !canSee(actor, comment.site)) throw notFound();
  return comment;
}

export async function patchComment(
  db: Db,
  actor: Actor,
  id: string,
  body: { status?: AdminStatus; text?: string; pinned?: boolean },
  /** Told of a status decision, e.g. to teach the spam filter. */
  onDecision?: (from: AdminStatus, comment: AdminComment) => void,
): Promise<AdminComment> {
  const before = await loadVisible(db, actor, id);
  const now = nowIso();
  const statements = [
    ...(body.status
      ? setStatus(db, { ids: [id], status: body.status, reason: `${body.status} by ${actor.label}`, now })
      : []),
    ...(body.text !== undefined
      ? [
          setText(db, {
            id,
            text: body.text,
            html: renderMarkdown(body.text),
            version: RENDERER_VERSION,
            now,
          }),
        ]
      : []),
    ...(body.pinned !== undefined ? [setPinned(db, id, body.pinned, now)] : []),
    insertAudit(
      db,
      auditOf(actor, now, {
        siteId: before.site,
        action: "comment.update",
        target: id,
        detail: {
          ...body,
          ...(body.text !== undefined ? { text: undefined, edited: true } : {}),
          from: before.status,
        },
      }),
    ),
    selectAdminComment(db, id),
  ];
  const results = await db.batch(statements);
  const after = adminCommentFrom(results.at(-1));
  if (!after) throw notFound();
  if (body.status && body.status !== before.status) onDecision?.(before.status, after);
  return after;
}

export async function bulkStatus(db: Db, actor: Actor, ids: string[], status: AdminStatus): Promise<number> {
  const found = await idsInScope(db, ids, actor.sites);
  if (found.length !== ids.length) throw notFound();
  const now = nowIso();
  const sites = [...new Set(found.map((f) => f.site_id))];
  const results = await db.batch([
    ...setStatus(db, { ids, status, reason: `${status} by ${actor.label}`, now }),
    // One entry per site, so each site's moderators see the action in their log.
    ...sites.map((siteId) =>
      insertAudit(
        db,
        auditOf(actor, now, {
          siteId,
          action: "comment.bulk",
          target: found
            .filter((f) => f.site_id === siteId)
            .map((f) => f.id)
            .join(","),
          detail: { status, count: ids.length },
        }),
      ),
    ),
  ]);
  return results[2]?.results.length ?? 0;
}

export async function eraseComment(db: Db, actor: Actor, id: string): Promise<AdminComment> {
  const before = await loadVisible(db, actor, id);
  const now = nowIso();
  await db.batch([
    ...erase(db, id, now),
    insertAudit(db, auditOf(actor, now, { siteId: before.site, action: "comment.erase", target: id })),
  ]);
  return before;
}
