// Pulling a thread's Mastodon and Bluesky replies (docs/social.md): each linked post's replies
// are read from its network's public API and brought into the thread through the remote comment
// pipeline (services/remote-comments.ts: sanitised, judged, moderated, written, purged, pushed
// live, webhooks fired), nested as at their source. A reply is upserted by its remote id
// (`<link id> <id at the source>`), skipped when its text and author did not change; a reply gone
// from the source is removed (only after an answer no limit cut: reply.ts, `complete`). A pull that fails records its error on the link and writes nothing
// else. It runs from the daily cron and after a read of a thread whose copy is older than
// PULL_AFTER_MS, in the background, never on the reader's request.
import { parseSocialUrl } from "../../../../shared/social.ts";
import { batch, exec } from "../../db/batch.ts";
import { type Site, siteById } from "../../db/sites.ts";
import {
  claimPull,
  commentsOfLink,
  dueThreads,
  type LinkedComment,
  linksOfThreads,
  type PullClaim,
  type SocialLinkRow,
  settleLink,
} from "../../db/social-links.ts";
import type { Thread } from "../../db/threads.ts";
import { afterAnswer } from "../../lib/after-answer.ts";
import { ApiError } from "../../lib/api-error.ts";
import { inBackground, type WorkContext } from "../../lib/background.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { nowIso } from "../../lib/time.ts";
import {
  type RemoteWrite,
  remoteEnvOf,
  remoteText,
  removeRemoteComment,
  upsertRemoteComment,
} from "../remote-comments.ts";
import { pullBluesky } from "./bluesky.ts";
import { pullMastodon } from "./mastodon.ts";
import { type Pulled, type SocialReply, unblocked } from "./reply.ts";

/** A read starts a background pull of a thread whose copy is older than this. */
export const PULL_AFTER_MS = 5 * 60_000;
/** Threads one cron run pulls (the longest waiting first; the rest wait for the next day's run or
 * their next read). */
const CRON_THREADS = 50;

export interface LinkReport {
  url: string;
  error: string | null;
  written: number;
  removed: number;
  skipped: number;
}

function pullLink(link: SocialLinkRow, env: WorkContext["env"]): Promise<Pulled> {
  const post = parseSocialUrl(link.kind, link.url);
  if (!post) return Promise.resolve({ ok: false, remoteRoot: null, error: "the link is not a post URL" });
  return post.kind === "mastodon" ? pullMastodon(post, env) : pullBluesky(post, link.remote_root, env);
}

/** Whether the stored copy already says what the source says (nothing to write, nothing to judge). */
const unchanged = (old: LinkedComment, reply: SocialReply, site: Site) =>
  old.text === remoteText(reply.html, site) && old.author_name === reply.author.name;

/** Brings one link's replies into the thread: new and edited ones upserted, vanished ones removed. */
async function applyReplies(
  c: WorkContext,
  q: { claim: PullClaim; site: Site; link: SocialLinkRow; replies: SocialReply[]; complete: boolean },
): Promise<{ writes: RemoteWrite[]; report: Omit<LinkReport, "url" | "error"> }> {
  const db = c.var.db;
  const { claim, link } = q;
  const idOf = (sourceId: string) => `${link.id} ${sourceId}`;
  const { existing } = await batch(db, { existing: commentsOfLink(db, claim.id, link.id) });
  const stored = new Map(existing.map((r) => [r.remote_id, r]));
  const writes: RemoteWrite[] = [];
  const report = { written: 0, removed: 0, skipped: 0 };
  for (const reply of q.replies) {
    const old = stored.get(idOf(reply.id));
    if (old && (unchanged(old, reply, q.site) || (old.status !== "approved" && old.status !== "pending")))
      continue;
    try {
      writes.push(
        await upsertRemoteComment(db, remoteEnvOf(c), {
          ...{ siteId: claim.site_id, pageKey: claim.page_key, pageUrl: claim.url ?? link.url },
          remote: { kind: link.kind, url: reply.url, handle: reply.author.handle, id: idOf(reply.id) },
          author: { name: reply.author.name, url: reply.author.url },
          parentRemoteId: reply.parentId === null ? null : idOf(reply.parentId),
          html: reply.html,
          publishedAt: reply.publishedAt,
        }),
      );
      report.written++;
    } catch (err) {
      // What a post would be refused for (a locked page, blocked words, a held parent): this
      // reply is left out, the next pull tries again.
      if (!(err instanceof ApiError) || err.code === "internal") throw err;
      report.skipped++;
    }
  }
  const seen = new Set(q.replies.map((r) => idOf(r.id)));
  const gone = q.complete ? existing.filter((r) => !seen.has(r.remote_id)) : [];
  for (const row of gone) {
    const where = { siteId: claim.site_id, pageKey: claim.page_key, remoteId: row.remote_id };
    writes.push(await removeRemoteComment(db, where));
    report.removed++;
  }
  return { writes, report };
}

/** Purges, live messages, webhooks and mails of what the pull wrote, as after a request. */
function afterPull(c: WorkContext, writes: RemoteWrite[]): void {
  const changed = writes.find((w) => w.changed)?.changed;
  if (changed) readsChanged(c, changed);
  afterAnswer(
    c,
    writes.flatMap((w) => w.transitions),
    writes.flatMap((w) => w.sites),
    writes.flatMap((w) => w.live),
  );
}

/**
 * Pulls the thread's links if its copy is older than `before` (the claim makes one pull at a time);
 * null when it was not due. Each link's outcome is recorded on it.
 */
export async function pullThread(
  c: WorkContext,
  threadId: string,
  before: string,
): Promise<LinkReport[] | null> {
  const db = c.var.db;
  const now = nowIso();
  const { claim, links } = await batch(db, {
    claim: claimPull(db, { threadId, now, before }),
    links: linksOfThreads(db, [threadId]),
  });
  if (!claim) return null;
  const { site } = await batch(db, { site: siteById(db, claim.site_id) });
  if (!site) return null;
  const reports: LinkReport[] = [];
  const writes: RemoteWrite[] = [];
  for (const link of links) {
    const pulled = await pullLink(link, c.env);
    const settled = { id: link.id, remoteRoot: pulled.remoteRoot, now: nowIso() };
    if (!pulled.ok) {
      await batch(db, { settle: exec(settleLink(db, { ...settled, error: pulled.error })) });
      reports.push({ url: link.url, error: pulled.error, written: 0, removed: 0, skipped: 0 });
      continue;
    }
    const applied = await applyReplies(c, {
      claim,
      site,
      link,
      // A blocked source's replies are left out, so those pulled before go as if deleted there.
      replies: unblocked(pulled.replies, site.blockedSources),
      complete: pulled.complete,
    });
    writes.push(...applied.writes);
    await batch(db, { settle: exec(settleLink(db, { ...settled, error: null })) });
    reports.push({ url: link.url, error: null, ...applied.report });
  }
  afterPull(c, writes);
  return reports;
}

/** Threads whose pull is under way in this isolate: a burst of reads starts one. */
const pulling = new Set<string>();

/** After a read of `thread`: a pull in the background when its copy is old (no D1 on the read). */
export function pullIfDue(c: WorkContext, thread: Thread): void {
  if (thread.socialPulledAt === null || pulling.has(thread.id)) return;
  const before = nowIso(Date.now() - PULL_AFTER_MS);
  if (thread.socialPulledAt >= before) return;
  pulling.add(thread.id);
  inBackground(c, "social pull", () =>
    pullThread(c, thread.id, before).finally(() => pulling.delete(thread.id)),
  );
}

/** The daily cron: every thread whose copy is older than PULL_AFTER_MS, one after the other. */
export async function pullDue(c: WorkContext): Promise<number> {
  const before = nowIso(Date.now() - PULL_AFTER_MS);
  const { ids } = await batch(c.var.db, { ids: dueThreads(c.var.db, before, CRON_THREADS) });
  let pulled = 0;
  for (const id of ids) {
    try {
      if (await pullThread(c, id, before)) pulled++;
    } catch (err) {
      console.error(
        JSON.stringify({ requestId: c.var.requestId, task: "social pull", thread: id, error: String(err) }),
      );
    }
  }
  return pulled;
}
