// Moderating threads: list, lock, retitle, move to a new URL, and merge a split page into one.

import type { AdminThread } from "../../../../shared/admin-types.ts";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import { adminThread, listAdminThreads, mergeThreads, updateThread } from "../../db/admin-threads.ts";
import { insertAudit } from "../../db/audit.ts";
import { batch, exec, type Step } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getSite } from "../../db/sites.ts";
import { linksOfThreads, setLinks, toAdminLink } from "../../db/social-links.ts";
import { insertThreadIfMissing, threadByKey } from "../../db/threads.ts";
import { moveMentions, recountMentions } from "../../db/webmentions.ts";
import { type Actor, canSee, scope } from "../../lib/admin-auth.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { originAllowed } from "../../lib/cors.ts";
import { timeId } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";

const notFound = () => new ApiError("not_found", "This thread does not exist.");

export type SocialInput = { kind: "mastodon" | "bluesky"; url: string }[];

/** The threads with their linked posts (one more query for all of them). */
async function withLinks(db: Db, threads: Omit<AdminThread, "social">[]): Promise<AdminThread[]> {
  if (threads.length === 0) return [];
  const { links } = await batch(db, {
    links: linksOfThreads(
      db,
      threads.map((t) => t.id),
    ),
  });
  return threads.map((t) => ({
    ...t,
    social: links.filter((l) => l.thread_id === t.id).map(toAdminLink),
  }));
}

async function oneWithLinks(db: Db, thread: Omit<AdminThread, "social">): Promise<AdminThread> {
  return (await withLinks(db, [thread]))[0] as AdminThread;
}

/** The statements that make `social` the thread's set of linked posts (nothing when not given). */
function linkSteps(
  db: Db,
  q: { threadId: string; siteId: string; social?: SocialInput; now: string },
): Step<void> {
  if (q.social === undefined) return exec();
  const links = q.social.map((l) => ({ ...l, id: timeId() }));
  return exec(...setLinks(db, { threadId: q.threadId, siteId: q.siteId, links, now: q.now }));
}

export async function listThreads(db: Db, actor: Actor, q: { site?: string; cursor?: string }) {
  const limit = 50;
  const rows = await listAdminThreads(db, {
    sites: scope(actor, q.site),
    cursor: q.cursor ?? null,
    limit: limit + 1,
  });
  const threads = rows.slice(0, limit);
  return {
    threads: await withLinks(db, threads),
    nextCursor: rows.length > limit ? (threads.at(-1)?.id ?? null) : null,
  };
}

async function loadVisible(db: Db, actor: Actor, id: string): Promise<Omit<AdminThread, "social">> {
  const { thread } = await batch(db, { thread: adminThread(db, id) });
  if (!thread || !canSee(actor, thread.site)) throw notFound();
  return thread;
}

export async function patchThread(
  db: Db,
  actor: Actor,
  id: string,
  body: { locked?: boolean; title?: string | null; url?: string; social?: SocialInput },
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
  // The new key when the thread moves to another page.
  const moved = key !== null && key !== thread.key ? key : null;
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
    links: linkSteps(db, { threadId: id, siteId: thread.site, social: body.social, now }),
    // Its mentions go with it, so its likes and reposts stay counted at the new URL.
    mentions: exec(
      ...(moved ? [moveMentions(db, { siteId: thread.site, fromKey: thread.key, toKey: moved })] : []),
    ),
    after: adminThread(db, id),
  });
  // The key the thread had, when it moved to another page (its readers there must read again).
  return {
    thread: await oneWithLinks(db, after ?? thread),
    movedFrom: moved !== null ? thread.key : null,
  };
}

export async function merge(db: Db, actor: Actor, id: string, into: string) {
  if (id === into) throw validationError({ into: "invalid" });
  const from = await loadVisible(db, actor, id);
  const target = await loadVisible(db, actor, into);
  if (from.site !== target.site) throw validationError({ into: "invalid" });
  const now = nowIso();
  const { moved, after } = await batch(db, {
    moved: mergeThreads(db, { from: id, into, now }),
    // The merged page's likes and reposts join the target's, each source once.
    mentions: exec(
      moveMentions(db, { siteId: from.site, fromKey: from.key, toKey: target.key }),
      recountMentions(db, from.site, [target.key]),
    ),
    audit: exec(
      insertAudit(
        db,
        auditOf(actor, now, { siteId: from.site, action: "thread.merge", target: id, detail: { into } }),
      ),
    ),
    after: adminThread(db, into),
  });
  return { thread: await oneWithLinks(db, after ?? target), moved, emptied: from.key };
}

/**
 * POST /admin/threads: the thread of a page (made when the page has none yet, as its first
 * comment would), with its linked posts set. `created` says whether it was made now.
 */
export async function createThread(
  db: Db,
  actor: Actor,
  body: { site: string; url: string; title?: string | null; social: SocialInput },
): Promise<{ thread: AdminThread; created: boolean }> {
  scope(actor, body.site);
  const site = await getSite(db, body.site);
  if (!site) throw new ApiError("not_found", "No such site.");
  if (!originAllowed(site.origins, new URL(body.url).origin)) throw validationError({ url: "invalid" });
  const key = pageKeyFromUrl(body.url);
  const now = nowIso();
  // Made if missing, then read by its key: a first comment made at the same moment is the same thread.
  const { existing, thread } = await batch(db, {
    existing: threadByKey(db, site.id, key),
    insert: exec(
      insertThreadIfMissing(db, {
        id: timeId(),
        siteId: site.id,
        key,
        url: body.url,
        title: body.title ?? null,
        now,
      }),
    ),
    thread: threadByKey(db, site.id, key),
  });
  if (!thread) throw notFound();
  const id = thread.id;
  const detail = { url: body.url, social: body.social };
  await batch(db, {
    links: linkSteps(db, { threadId: id, siteId: site.id, social: body.social, now }),
    audit: exec(
      insertAudit(db, auditOf(actor, now, { siteId: site.id, action: "thread.link", target: id, detail })),
    ),
  });
  const { after } = await batch(db, { after: adminThread(db, id) });
  if (!after) throw notFound();
  return { thread: await oneWithLinks(db, after), created: !existing };
}
