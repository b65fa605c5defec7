// Sites and their allowed origins.

import type { AdminSite } from "../../../shared/admin-types.ts";
import type { ModerationMode, PostingRule, SignInMethod } from "../../../shared/types.ts";
import { all, first, map, type Step } from "./batch.ts";
import type { Db } from "./database.ts";

/** A site with all its settings but the write-only secrets (and the addresses still to confirm,
 * which only the admin API reads: getAdminSite, listSites). */
export type Site = Omit<AdminSite, "notifyEmailsPending">;

interface SiteRow {
  id: string;
  name: string;
  origins: string;
  moderation: ModerationMode;
  require_name: number;
  require_email: number;
  edit_window_seconds: number;
  max_length: number;
  max_links: number;
  min_submit_ms: number;
  rate_limit_per_minute: number;
  rate_limit_per_hour: number;
  blocked_words: string;
  blocked_words_action: "hold" | "reject";
  retention_days: number;
  turnstile_site_key: string | null;
  notify_emails: string;
  webhook_url: string | null;
  posting: PostingRule;
  reserved_names: string;
  blocked_sources: string;
  sign_in: string;
  sso_secret: string | null;
  reactions: string;
  report_threshold: number;
  created_at: string;
  updated_at: string;
}

/** The notification addresses still waiting for their confirmation (migration 0009), oldest first. */
const PENDING_COLUMN = `(SELECT json_group_array(email) FROM (SELECT email FROM notify_email_requests p
    WHERE p.site_id = s.id AND p.withdrawn_at IS NULL ORDER BY p.requested_at, p.email)) AS notify_pending`;
const ORIGINS_COLUMN = `(SELECT json_group_array(origin) FROM (SELECT origin FROM site_origins o
    WHERE o.site_id = s.id ORDER BY origin)) AS origins`;

function toAdminSite(row: SiteRow & { notify_pending: string }): AdminSite {
  return { ...toSite(row), notifyEmailsPending: JSON.parse(row.notify_pending) as string[] };
}

export const SELECT_SITE_SQL = `
  SELECT s.*,
         (SELECT json_group_array(origin) FROM (SELECT origin FROM site_origins o WHERE o.site_id = s.id ORDER BY origin))
           AS origins
  FROM sites s WHERE s.id = ?1`;

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    origins: JSON.parse(row.origins) as string[],
    moderation: row.moderation,
    requireName: row.require_name === 1,
    requireEmail: row.require_email === 1,
    editWindowSeconds: row.edit_window_seconds,
    maxLength: row.max_length,
    maxLinks: row.max_links,
    minSubmitMs: row.min_submit_ms,
    rateLimitPerMinute: row.rate_limit_per_minute,
    rateLimitPerHour: row.rate_limit_per_hour,
    blockedWords: JSON.parse(row.blocked_words) as string[],
    blockedWordsAction: row.blocked_words_action,
    retentionDays: row.retention_days,
    turnstileSiteKey: row.turnstile_site_key,
    notifyEmails: JSON.parse(row.notify_emails) as string[],
    webhookUrl: row.webhook_url,
    posting: row.posting,
    reservedNames: JSON.parse(row.reserved_names) as string[],
    blockedSources: JSON.parse(row.blocked_sources) as string[],
    signIn: JSON.parse(row.sign_in) as SignInMethod[],
    ssoEnabled: row.sso_secret !== null,
    reactions: JSON.parse(row.reactions) as string[],
    reportThreshold: row.report_threshold,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectSite(db: Db, id: string): D1PreparedStatement {
  return db.prepare(SELECT_SITE_SQL).bind(id);
}

export async function getSite(db: Db, id: string): Promise<Site | null> {
  const row = await selectSite(db, id).first<SiteRow>();
  return row ? toSite(row) : null;
}

/** A site, or null. */
export const siteById = (db: Db, id: string): Step<Site | null> =>
  map(first<SiteRow>(selectSite(db, id)), (row) => (row ? toSite(row) : null));

/**
 * A site with its row's `counts_version` (migration 0007): changed by the database whenever the
 * comment count of one of the site's pages changes. Read with the site, not part of `Site`.
 */
export const siteWithCountsVersion = (
  db: Db,
  id: string,
): Step<{ site: Site; countsVersion: number } | null> =>
  map(first<SiteRow & { counts_version: number }>(selectSite(db, id)), (row) =>
    row ? { site: toSite(row), countsVersion: row.counts_version ?? 0 } : null,
  );

/** The counts version alone (0 when the site is gone). */
export const countsVersion = (db: Db, id: string): Step<number> =>
  map(
    first<{ counts_version: number }>(db.prepare("SELECT counts_version FROM sites WHERE id = ?1").bind(id)),
    (row) => row?.counts_version ?? 0,
  );

/** Whether any registered site admits one of the candidate entries (a CORS preflight has no site). */
export async function anySiteAllowsOrigin(db: Db, candidates: readonly [string, string]): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS ok FROM site_origins WHERE origin IN (?1, ?2) LIMIT 1")
    .bind(candidates[0], candidates[1])
    .first<{ ok: number }>();
  return row !== null;
}

export interface NewSite {
  id: string;
  name: string;
  origins: string[];
  moderation?: ModerationMode;
}

/** Creates a site, or brings its name, mode and origins up to date (the demo seed; admin API in #5). */
export async function upsertSite(db: Db, site: NewSite, now: string): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO sites (id, name, moderation, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, moderation = excluded.moderation,
           updated_at = excluded.updated_at`,
      )
      .bind(site.id, site.name, site.moderation ?? "none", now),
    db.prepare("DELETE FROM site_origins WHERE site_id = ?1").bind(site.id),
    ...site.origins.map((origin) =>
      db.prepare("INSERT INTO site_origins (site_id, origin) VALUES (?1, ?2)").bind(site.id, origin),
    ),
  ]);
}

/** The admin API's Sites: every setting but the secrets, with the addresses awaiting confirmation. */
export async function listSites(db: Db, ids: string[] | null): Promise<AdminSite[]> {
  const { results } = await db
    .prepare(
      `SELECT s.*, ${ORIGINS_COLUMN}, ${PENDING_COLUMN}
       FROM sites s WHERE (?1 IS NULL OR s.id IN (SELECT value FROM json_each(?1))) ORDER BY s.id`,
    )
    .bind(ids ? JSON.stringify(ids) : null)
    .all<SiteRow & { notify_pending: string }>();
  return results.map(toAdminSite);
}

export async function getAdminSite(db: Db, id: string): Promise<AdminSite | null> {
  return (await listSites(db, [id]))[0] ?? null;
}

/** Write-only settings: `undefined` keeps the stored value, `null` clears it. */
export interface SiteSecrets {
  turnstileSecret?: string | null;
  webhookSecret?: string | null;
}

/** Statements that write every setting of a site and replace its origins. */
export function writeSite(db: Db, s: Site, secrets: SiteSecrets, now: string): D1PreparedStatement[] {
  const secret = (v: string | null | undefined) => [v === undefined ? 0 : 1, v ?? null];
  return [
    db
      .prepare(
        `INSERT INTO sites (id, name, moderation, require_name, require_email, edit_window_seconds, max_length,
           max_links, min_submit_ms, rate_limit_per_minute, rate_limit_per_hour, blocked_words, turnstile_site_key,
           notify_emails, webhook_url, turnstile_secret, webhook_secret, created_at, updated_at,
           blocked_words_action, retention_days, posting, reserved_names, sign_in, reactions, report_threshold,
           blocked_sources)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, ?19, ?20, ?20, ?21, ?22,
           ?23, ?24, ?25, ?26, ?27, ?28)
         ON CONFLICT (id) DO UPDATE SET name = ?2, moderation = ?3, require_name = ?4, require_email = ?5,
           edit_window_seconds = ?6, max_length = ?7, max_links = ?8, min_submit_ms = ?9,
           rate_limit_per_minute = ?10, rate_limit_per_hour = ?11, blocked_words = ?12, turnstile_site_key = ?13,
           notify_emails = ?14, webhook_url = ?15,
           turnstile_secret = CASE WHEN ?16 = 1 THEN ?17 ELSE turnstile_secret END,
           webhook_secret = CASE WHEN ?18 = 1 THEN ?19 ELSE webhook_secret END,
           updated_at = ?20, blocked_words_action = ?21, retention_days = ?22, posting = ?23,
           reserved_names = ?24, sign_in = ?25, reactions = ?26, report_threshold = ?27, blocked_sources = ?28`,
      )
      .bind(
        s.id,
        s.name,
        s.moderation,
        s.requireName ? 1 : 0,
        s.requireEmail ? 1 : 0,
        s.editWindowSeconds,
        s.maxLength,
        s.maxLinks,
        s.minSubmitMs,
        s.rateLimitPerMinute,
        s.rateLimitPerHour,
        JSON.stringify(s.blockedWords),
        s.turnstileSiteKey,
        JSON.stringify(s.notifyEmails),
        s.webhookUrl,
        ...secret(secrets.turnstileSecret),
        ...secret(secrets.webhookSecret),
        now,
        s.blockedWordsAction,
        s.retentionDays,
        s.posting,
        JSON.stringify(s.reservedNames),
        JSON.stringify([...new Set(s.signIn)]),
        JSON.stringify(s.reactions),
        s.reportThreshold,
        JSON.stringify([...new Set(s.blockedSources)]),
      ),
    db.prepare("DELETE FROM site_origins WHERE site_id = ?1").bind(s.id),
    // One statement for all origins: the list arrives as a JSON array.
    db
      .prepare("INSERT INTO site_origins (site_id, origin) SELECT ?1, value FROM json_each(?2)")
      .bind(s.id, JSON.stringify([...new Set(s.origins)])),
  ];
}

interface SecretsRow {
  turnstile_secret?: string | null;
  webhook_secret?: string | null;
}

/** The write-only secrets of a site row (never part of `Site`, so they cannot leak into answers). */
const secretsOf = (
  row: SecretsRow | null,
): { turnstileSecret: string | null; webhookSecret: string | null } => ({
  turnstileSecret: row?.turnstile_secret ?? null,
  webhookSecret: row?.webhook_secret ?? null,
});

export async function getSiteSecrets(db: Db, id: string) {
  return secretsOf(
    await db
      .prepare("SELECT turnstile_secret, webhook_secret FROM sites WHERE id = ?1")
      .bind(id)
      .first<SecretsRow>(),
  );
}

/** The site with its write-only secrets, for the write paths (never part of an answer). */
export function siteWithSecrets(
  db: Db,
  id: string,
): Step<{ site: Site; turnstileSecret: string | null; webhookSecret: string | null } | null> {
  return map(first<SiteRow & SecretsRow>(selectSite(db, id)), (row) =>
    row ? { site: toSite(row), ...secretsOf(row) } : null,
  );
}

/** The site of a comment (the author's own edit and delete know only the comment). */
export function siteOfComment(db: Db, commentId: string): Step<Site | null> {
  const sql = SELECT_SITE_SQL.replace(
    "WHERE s.id = ?1",
    "WHERE s.id = (SELECT site_id FROM comments WHERE id = ?1)",
  );
  return map(first<SiteRow>(db.prepare(sql).bind(commentId)), (row) => (row ? toSite(row) : null));
}

/** A site's SSO signing secret (null when SSO is off), or null when there is no such site. */
export const ssoSecretOf = (db: Db, id: string): Step<{ secret: string | null } | null> =>
  map(
    first<{ sso_secret: string | null }>(db.prepare("SELECT sso_secret FROM sites WHERE id = ?1").bind(id)),
    (row) => (row ? { secret: row.sso_secret } : null),
  );

/** Sets (or, with null, clears) a site's SSO secret. */
export function setSsoSecret(db: Db, id: string, secret: string | null, now: string): D1PreparedStatement {
  return db.prepare("UPDATE sites SET sso_secret = ?2, updated_at = ?3 WHERE id = ?1").bind(id, secret, now);
}

/** The sites whose origins admit one of the candidate entries (a Webmention's target), by id. */
export const sitesAdmitting = (db: Db, candidates: readonly [string, string]): Step<string[]> =>
  map(
    all<{ site_id: string }>(
      db
        .prepare("SELECT DISTINCT site_id FROM site_origins WHERE origin IN (?1, ?2) ORDER BY site_id")
        .bind(candidates[0], candidates[1]),
    ),
    (rows) => rows.map((r) => r.site_id),
  );
