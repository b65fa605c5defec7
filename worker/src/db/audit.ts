// The audit log: one row per admin action, always in the same batch as the action's effect.

import type { AuditEntry } from "../../../shared/admin-types.ts";
import type { Db } from "./database.ts";

export interface AuditInput {
  id: string;
  siteId: string | null;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  at: string;
}

export function insertAudit(db: Db, e: AuditInput): D1PreparedStatement {
  return db
    .prepare(
      "INSERT INTO audit_log (id, site_id, actor, action, target, detail, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(e.id, e.siteId, e.actor, e.action, e.target, JSON.stringify(e.detail), e.at);
}

/** The audit row of a change to comment `target`, written only if the comment changed at `at` in
 * the same batch (a guarded decision that did not happen leaves no entry). */
export function insertAuditIfChanged(db: Db, e: AuditInput): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (id, site_id, actor, action, target, detail, at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM comments WHERE id = ?5 AND updated_at = ?7)`,
    )
    .bind(e.id, e.siteId, e.actor, e.action, e.target, JSON.stringify(e.detail), e.at);
}

interface AuditRow {
  id: string;
  site_id: string | null;
  actor: string;
  action: string;
  target: string;
  detail: string;
  at: string;
}

/** Newest first; `sites` null means every site (the operator). */
export async function listAudit(
  db: Db,
  q: { sites: string[] | null; cursor: string | null; limit: number },
): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM audit_log
       WHERE (?1 IS NULL OR site_id IN (SELECT value FROM json_each(?1)))
         AND (?2 IS NULL OR id < ?2)
       ORDER BY id DESC LIMIT ?3`,
    )
    .bind(q.sites ? JSON.stringify(q.sites) : null, q.cursor, q.limit)
    .all<AuditRow>();
  return results.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    site: r.site_id,
    action: r.action,
    target: r.target,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}
