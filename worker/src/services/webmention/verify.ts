// The queue's half of a Webmention (W3C Recommendation, 3.2): fetch the source, check that it
// links to the target, read its h-entry, and store, update, count or remove accordingly. Every
// outcome is written to the mention's row, which its sender reads at its status URL; a refusal
// writes nothing else. The after-answer work (purged reads, live messages, webhooks and mails)
// runs through the same helpers as a request's, on the WorkContext the caller gives.
import { batch, exec, none } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { siteById } from "../../db/sites.ts";
import { insertThreadIfMissing } from "../../db/threads.ts";
import { type MentionRow, mentionById, recountMentions, settleMention } from "../../db/webmentions.ts";
import { afterAnswer } from "../../lib/after-answer.ts";
import { ApiError } from "../../lib/api-error.ts";
import type { WorkContext } from "../../lib/background.ts";
import { isBlockedUrl } from "../../lib/blocked-sources.ts";
import { timeId } from "../../lib/ids.ts";
import { readsChanged } from "../../lib/reads/changed.ts";
import { nowIso } from "../../lib/time.ts";
import {
  type RemoteWrite,
  remoteEnvOf,
  removeRemoteComment,
  upsertRemoteComment,
} from "../remote-comments.ts";
import { fetchSource } from "./fetch-source.ts";
import { readSource, type SourceEntry } from "./read-source.ts";

type Outcome = Parameters<typeof settleMention>[1];

/** The mention's row settled, and the page's like and repost counts counted again with it. */
async function settle(db: Db, row: MentionRow, o: Omit<Outcome, "id" | "now">, counted: boolean) {
  const now = nowIso();
  const thread = { id: timeId(), siteId: row.site_id, key: row.page_key, url: row.target, title: null, now };
  await batch(db, {
    // A like on a page nobody commented on yet: the page gets its thread, to carry the count.
    thread: counted ? exec(insertThreadIfMissing(db, thread)) : none(undefined),
    row: exec(settleMention(db, { ...o, id: row.id, now })),
    counts: exec(recountMentions(db, row.site_id, [row.page_key])),
  });
}

/** What a verified source does to the page: a comment (reply, mention) or a count (like, repost). */
async function apply(c: WorkContext, row: MentionRow, entry: SourceEntry): Promise<RemoteWrite> {
  const db = c.var.db;
  const where = { siteId: row.site_id, pageKey: row.page_key, remoteId: row.source };
  if (entry.kind === "like" || entry.kind === "repost") {
    // It may have been a reply before: its comment goes, the count takes its place.
    const removed = await removeRemoteComment(db, where);
    await settle(db, row, { status: "accepted", kind: entry.kind, commentId: null, error: null }, true);
    return { ...removed, changed: { siteId: row.site_id, pageKey: row.page_key } };
  }
  const written = await upsertRemoteComment(db, remoteEnvOf(c), {
    siteId: row.site_id,
    pageUrl: row.target,
    pageKey: row.page_key,
    remote: { kind: "webmention", url: entry.url, handle: null, id: row.source },
    author: entry.author,
    html: entry.html,
    parentId: entry.replyTo,
    publishedAt: entry.publishedAt,
  });
  await settle(
    db,
    row,
    { status: "accepted", kind: entry.kind, commentId: written.commentId, error: null },
    false,
  );
  // A like that became a reply: the count went down.
  return row.kind === "like" || row.kind === "repost"
    ? { ...written, changed: { siteId: row.site_id, pageKey: row.page_key } }
    : written;
}

/** Accepted at an earlier verification: a comment still stands for it, or it is counted. */
const acceptedBefore = (row: MentionRow) =>
  row.comment_id !== null || row.kind === "like" || row.kind === "repost";

/** The source is gone or no longer links: what it left (a comment, a count) goes, and the row
 * says so. A source that never linked is a refusal. */
async function withdraw(c: WorkContext, row: MentionRow, error: string): Promise<RemoteWrite> {
  const where = { siteId: row.site_id, pageKey: row.page_key, remoteId: row.source };
  const removed = await removeRemoteComment(c.var.db, where);
  const had = removed.commentId !== null || acceptedBefore(row);
  // Nothing stands for it any more: no kind, so a later refusal is not taken for an acceptance.
  await settle(
    c.var.db,
    row,
    { status: had ? "removed" : "rejected", kind: null, commentId: null, error },
    false,
  );
  return had ? { ...removed, changed: { siteId: row.site_id, pageKey: row.page_key } } : removed;
}

/** A source that cannot be read now: a mention accepted before keeps what it made (a failure of
 * the source's server is no removal; 410 and a missing link are), a new one is rejected. */
function refusal(row: MentionRow, reason: string): Omit<Outcome, "id" | "now"> {
  if (!acceptedBefore(row)) return { status: "rejected", kind: null, commentId: null, error: reason };
  const error = `not verified again, kept as it was: ${reason}`;
  return { status: "accepted", kind: row.kind, commentId: row.comment_id, error };
}

async function outcomeOf(c: WorkContext, row: MentionRow): Promise<RemoteWrite | null> {
  // A blocked site is not even fetched; what it made before goes, as when it stops linking.
  const { site } = await batch(c.var.db, { site: siteById(c.var.db, row.site_id) });
  if (site && isBlockedUrl(row.source, site.blockedSources))
    return withdraw(c, row, "the source's site is blocked here");
  const fetched = await fetchSource(row.source, c.env);
  if (fetched.kind === "gone") return withdraw(c, row, "the source answers 410 Gone");
  if (fetched.kind === "refused") {
    await settle(c.var.db, row, refusal(row, fetched.reason), false);
    return null;
  }
  const entry = readSource(fetched.html, fetched.url, row.target);
  if (!entry) return withdraw(c, row, "the source does not link to the target");
  if ("problem" in entry) {
    await settle(c.var.db, row, refusal(row, entry.problem), false);
    return null;
  }
  try {
    return await apply(c, row, entry);
  } catch (err) {
    // A refusal a post would get (blocked words, a locked page, Akismet): the sender reads why.
    if (!(err instanceof ApiError) || err.code === "internal") throw err;
    await settle(
      c.var.db,
      row,
      { status: "rejected", kind: entry.kind, commentId: null, error: err.message },
      false,
    );
    return null;
  }
}

/** Verifies the queued mention `id`; a mention already gone is nothing to do. */
export async function verifyMention(c: WorkContext, id: string): Promise<void> {
  const { row } = await batch(c.var.db, { row: mentionById(c.var.db, id) });
  if (!row) return;
  const written = await outcomeOf(c, row);
  if (!written) return;
  if (written.changed) readsChanged(c, written.changed);
  afterAnswer(c, written.transitions, written.sites, written.live);
}
