// A site's verified readers for its moderators: list and search them, mark them as staff (who may
// use the site's reserved names and get the badge), and sign them out. A moderator token sees only
// its own sites' identities and sessions; any other answers 404, as if it did not exist.
import type { AdminIdentity, AdminSession } from "../../../../shared/admin-types.ts";
import {
  type AdminIdentityRow,
  type AdminSessionRow,
  adminIdentity,
  deleteSessionsOf,
  listAdminIdentities,
  listAdminSessions,
  sessionSite,
  setStaff,
} from "../../db/admin-identities.ts";
import { insertAudit } from "../../db/audit.ts";
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { deleteSession, toIdentity } from "../../db/identities.ts";
import { type Actor, canSee, scope } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import type { Keys } from "../../lib/keys.ts";
import { nowIso } from "../../lib/time.ts";
import { identityAvatar } from "../auth/sessions.ts";
import { auditOf } from "./audit-id.ts";

const PAGE = 50;
const noIdentity = () => new ApiError("not_found", "No such identity.");

async function toAdminIdentity(keys: Keys, row: AdminIdentityRow): Promise<AdminIdentity> {
  return {
    ...toIdentity(row, await identityAvatar(keys, row)),
    site: row.site_id,
    subject: row.subject,
    createdAt: row.created_at,
    sessions: row.sessions,
    passkeys: row.passkeys,
    comments: row.comments,
  };
}

const toAdminSession = (r: AdminSessionRow): AdminSession => ({
  id: r.id,
  site: r.site_id,
  identity: { id: r.identity_id, name: r.identity_name, verified: r.identity_kind },
  method: r.method,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
});

/** One page of identities, newest first. */
export async function listIdentities(
  db: Db,
  keys: Keys,
  actor: Actor,
  q: { site?: string; q?: string; cursor?: string },
) {
  const rows = await listAdminIdentities(db, {
    sites: scope(actor, q.site),
    like: q.q ? `%${q.q.replace(/[\\%_]/g, "\\$&")}%` : null,
    cursor: q.cursor ?? null,
    limit: PAGE + 1,
    now: nowIso(),
  });
  const page = rows.slice(0, PAGE);
  return {
    identities: await Promise.all(page.map((row) => toAdminIdentity(keys, row))),
    nextCursor: rows.length > PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

async function visibleIdentity(db: Db, actor: Actor, id: string): Promise<AdminIdentityRow> {
  const { identity } = await batch(db, { identity: adminIdentity(db, id, nowIso()) });
  if (!identity || !canSee(actor, identity.site_id)) throw noIdentity();
  return identity;
}

/** Marks an identity as staff or not; audit-logged in the same batch. */
export async function patchIdentity(
  db: Db,
  keys: Keys,
  actor: Actor,
  id: string,
  body: { isStaff: boolean },
): Promise<AdminIdentity> {
  const current = await visibleIdentity(db, actor, id);
  const now = nowIso();
  const { identity } = await batch(db, {
    staff: exec(
      setStaff(db, id, body.isStaff, now),
      insertAudit(
        db,
        auditOf(actor, now, {
          siteId: current.site_id,
          action: "identity.update",
          target: id,
          detail: { isStaff: body.isStaff },
        }),
      ),
    ),
    identity: adminIdentity(db, id, now),
  });
  if (!identity) throw noIdentity();
  return toAdminIdentity(keys, identity);
}

/** Live sessions, newest first: of one identity, or of the sites asked for. */
export async function listSessions(
  db: Db,
  actor: Actor,
  q: { site?: string; identity?: string; cursor?: string },
) {
  const sites = scope(actor, q.site);
  if (q.identity) await visibleIdentity(db, actor, q.identity);
  const rows = await listAdminSessions(db, {
    sites,
    identityId: q.identity ?? null,
    cursor: q.cursor ?? null,
    limit: PAGE + 1,
    now: nowIso(),
  });
  const page = rows.slice(0, PAGE);
  return {
    sessions: page.map(toAdminSession),
    nextCursor: rows.length > PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Ends one reader session: its token stops working at once. */
export async function revokeSession(db: Db, actor: Actor, id: string): Promise<void> {
  const { session } = await batch(db, { session: sessionSite(db, id) });
  if (!session || !canSee(actor, session.site_id)) throw new ApiError("not_found", "No such session.");
  const now = nowIso();
  await batch(db, {
    ended: deleteSession(db, id),
    audit: exec(
      insertAudit(db, auditOf(actor, now, { siteId: session.site_id, action: "session.delete", target: id })),
    ),
  });
}

/** Signs an identity out everywhere: every session of it ends. */
export async function revokeSessionsOf(db: Db, actor: Actor, id: string): Promise<number> {
  const identity = await visibleIdentity(db, actor, id);
  const now = nowIso();
  const { ended } = await batch(db, {
    ended: deleteSessionsOf(db, id),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: identity.site_id, action: "identity.sign-out", target: id }),
      ),
    ),
  });
  return ended;
}
