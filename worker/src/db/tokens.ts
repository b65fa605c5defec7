// Site-scoped moderator tokens. Only their SHA-256 is stored; the token is shown once.

import type { AdminToken } from "../../../shared/admin-types.ts";
import type { Step } from "./batch.ts";
import type { Db } from "./database.ts";

interface TokenRow {
  id: string;
  label: string;
  sites: string;
  created_at: string;
  last_used_at: string | null;
}

const toToken = (r: TokenRow): AdminToken => ({
  id: r.id,
  label: r.label,
  sites: JSON.parse(r.sites) as string[],
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function findTokenByHash(db: Db, hash: string): Promise<AdminToken | null> {
  const row = await db
    .prepare("SELECT id, label, sites, created_at, last_used_at FROM admin_tokens WHERE token_hash = ?1")
    .bind(hash)
    .first<TokenRow>();
  return row ? toToken(row) : null;
}

/** Records use at most once an hour, so reads stay reads. */
export async function touchToken(db: Db, id: string, now: string, before: string): Promise<void> {
  await db
    .prepare(
      "UPDATE admin_tokens SET last_used_at = ?2 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?3)",
    )
    .bind(id, now, before)
    .run();
}

export async function listTokens(db: Db): Promise<AdminToken[]> {
  const { results } = await db
    .prepare("SELECT id, label, sites, created_at, last_used_at FROM admin_tokens ORDER BY id DESC")
    .all<TokenRow>();
  return results.map(toToken);
}

export function insertToken(
  db: Db,
  t: { id: string; label: string; hash: string; sites: string[]; now: string },
): D1PreparedStatement {
  return db
    .prepare(
      "INSERT INTO admin_tokens (id, label, token_hash, sites, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(t.id, t.label, t.hash, JSON.stringify(t.sites), t.now);
}

/** Deletes a token; its value is whether one was deleted. */
export function deleteToken(db: Db, id: string): Step<boolean> {
  return {
    statements: [db.prepare("DELETE FROM admin_tokens WHERE id = ?1").bind(id)],
    read: ([r]) => (r?.meta.changes ?? 0) > 0,
  };
}
