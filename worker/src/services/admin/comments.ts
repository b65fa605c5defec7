// Moderating comments: queue and search, status decisions (single and bulk), edit, pin, erase.

import type { AdminComment, AdminStatus } from "../../../../shared/admin-types.ts";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import { adminComment, idsInScope, listAdminComments, setPinned, setText } from "../../db/admin-comments.ts";
import { insertAudit } from "../../db/audit.ts";
import { batch, exec, none } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { type Actor, canSee, scope } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { nowIso } from "../../lib/time.ts";
import type { LiveChange } from "../../live/events.ts";
import { RENDERER_VERSION, renderMarkdown } from "../../render/markdown.ts";
import { decided, decisionSteps, erased, eraseSteps } from "../moderation/decisions.ts";
import type { Transition } from "../moderation/transitions.ts";
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
  const { comment } = await batch(db, { comment: adminComment(db, id) });
  if (!comment || !canSee(actor, comment.site)) throw notFound();
  return comment;
}

export interface Decided<T> {
  value: T;
  transitions: Transition[];
  /** Changes readers see that are not status changes (a moderator's edit or pin). */
  live?: LiveChange[];
}

export async function patchComment(
  db: Db,
  actor: Actor,
  id: string,
  body: { status?: AdminStatus; text?: string; pinned?: boolean },
): Promise<Decided<AdminComment>> {
  const before = await loadVisible(db, actor, id);
  const now = nowIso();
  const status = body.status;
  const decision = status ? decisionSteps(db, { actor, ids: [id], status, now }) : null;
  const html = body.text !== undefined ? renderMarkdown(body.text) : null;
  const detail = {
    ...body,
    ...(body.text !== undefined ? { text: undefined, edited: true } : {}),
    from: before.status,
  };
  const r = await batch(db, {
    before: decision?.before ?? none([]),
    changed: decision?.changed ?? none([]),
    reviewed: decision?.reviewed ?? none(undefined),
    text:
      html !== null
        ? exec(setText(db, { id, text: body.text ?? "", html, version: RENDERER_VERSION, now }))
        : none(undefined),
    pinned: body.pinned !== undefined ? exec(setPinned(db, id, body.pinned, now)) : none(undefined),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: before.site, action: "comment.update", target: id, detail }),
      ),
    ),
    after: adminComment(db, id),
  });
  if (!r.after) throw notFound();
  const shown = before.status === "approved";
  return {
    value: r.after,
    transitions: status ? decided(actor, status, r) : [],
    live: body.text !== undefined || body.pinned !== undefined ? [{ id, shownBefore: shown }] : [],
  };
}

export async function bulkStatus(
  db: Db,
  actor: Actor,
  ids: string[],
  status: AdminStatus,
): Promise<Decided<number>> {
  const found = await idsInScope(db, ids, actor.sites);
  if (found.length !== ids.length) throw notFound();
  const now = nowIso();
  const sites = [...new Set(found.map((f) => f.site_id))];
  // One audit entry per site, so each site's moderators see the action in their log.
  const audits = sites.map((siteId) =>
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
  );
  const r = await batch(db, { ...decisionSteps(db, { actor, ids, status, now }), audit: exec(...audits) });
  return { value: r.changed.length, transitions: decided(actor, status, r) };
}

export async function eraseComment(db: Db, actor: Actor, id: string): Promise<Decided<AdminComment>> {
  const visible = await loadVisible(db, actor, id);
  const now = nowIso();
  const r = await batch(db, {
    ...eraseSteps(db, { id, now }),
    audit: exec(
      insertAudit(db, auditOf(actor, now, { siteId: visible.site, action: "comment.erase", target: id })),
    ),
  });
  return { value: visible, transitions: erased(actor, r.before) };
}
