// Bans by email or network hash, per site, with an optional expiry.

import type { Ban } from "../../../shared/admin-types.ts";
import { first, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

interface BanRow {
  id: string;
  site_id: string;
  kind: "ip" | "email";
  value: string;
  reason: string | null;
  expires_at: string | null;
  created_at: string;
}

const toBan = (r: BanRow): Ban => ({
  id: r.id,
  site: r.site_id,
  kind: r.kind,
  value: r.value,
  reason: r.reason,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
});

export async function listBans(db: Db, siteId: string): Promise<Ban[]> {
  const { results } = await db
    .prepare("SELECT * FROM bans WHERE site_id = ?1 ORDER BY id DESC")
    .bind(siteId)
    .all<BanRow>();
  return results.map(toBan);
}

export function insertBan(db: Db, b: Ban): D1PreparedStatement {
  return db
    .prepare(
      "INSERT INTO bans (id, site_id, kind, value, reason, expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(b.id, b.site, b.kind, b.value, b.reason, b.expiresAt, b.createdAt);
}

/** A ban, or null. */
export const banById = (db: Db, id: string): Step<Ban | null> =>
  map(first<BanRow>(db.prepare("SELECT * FROM bans WHERE id = ?1").bind(id)), (row) =>
    row ? toBan(row) : null,
  );

export function deleteBan(db: Db, id: string): D1PreparedStatement {
  return db.prepare("DELETE FROM bans WHERE id = ?1").bind(id);
}

/** Bans that stopped blocking before `before` (the daily cleanup): an email or network hash kept
 * with no purpose left. A ban without an expiry never goes by itself. */
export function deleteExpiredBans(db: Db, before: string): D1PreparedStatement {
  return db.prepare("DELETE FROM bans WHERE expires_at IS NOT NULL AND expires_at < ?1").bind(before);
}

export const ACTIVE_BAN_SQL = `SELECT 1 AS banned FROM bans
  WHERE site_id = ?1 AND ((kind = 'email' AND value = ?2) OR (kind = 'ip' AND value = ?3))
    AND (expires_at IS NULL OR expires_at > ?4)
  LIMIT 1`;

/** Whether this author (email) or network is banned on the site now. */
export function selectActiveBan(
  db: Db,
  q: { siteId: string; email: string | null; network: string | null; now: string },
): D1PreparedStatement {
  return db.prepare(ACTIVE_BAN_SQL).bind(q.siteId, q.email ?? "", q.network ?? "", q.now);
}

/** Imports keep ban ids, so a ban already there is left as it is. */
export function insertBanIfMissing(db: Db, b: Ban): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO bans (id, site_id, kind, value, reason, expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(b.id, b.site, b.kind, b.value, b.reason, b.expiresAt, b.createdAt);
}

/** Whether this author (email) or network is banned on the site now. */
export function isBanned(
  db: Db,
  q: { siteId: string; email: string | null; network: string | null; now: string },
): Step<boolean> {
  return { statements: [selectActiveBan(db, q)], read: ([r]) => (r?.results?.length ?? 0) > 0 };
}
