// Comments from the open web (issue #15): a Webmention, a Mastodon or a Bluesky reply. A
// remote post becomes a comment through the parts a reader's post goes through: its HTML turned
// into our Markdown and rendered by the one renderer (render/markdown.ts), the local checks and
// the site's moderation mode (spam/pipeline.ts), Akismet (spam/remote-checks.ts), the post's own
// write (post/write.ts), and the same effects (webhooks, moderator mails) and live messages. The
// same remote post again (its remote id in the thread) updates the comment; a removed one erases
// it as an admin erase does.
import { LIMITS } from "../../../shared/limits.ts";
import type { CreateCommentInput } from "../../../shared/schemas.ts";
import { batch, exec, none } from "../db/batch.ts";
import { type NewComment, type ParentRow, publicComment, type RemoteOrigin } from "../db/comments.ts";
import type { Db } from "../db/database.ts";
import { clearTraces, emptyRow } from "../db/erase.ts";
import {
  forgetRemote,
  localParent,
  type RemoteRow,
  remoteComment,
  remoteParent,
  updateRemote,
} from "../db/remote-comments.ts";
import { type Site, siteWithSecrets } from "../db/sites.ts";
import { type CommentFacts, changeStatus, selectFacts } from "../db/status-changes.ts";
import { type Thread, threadByKey } from "../db/threads.ts";
import { htmlToMarkdown } from "../import/html-to-markdown.ts";
import { ApiError } from "../lib/api-error.ts";
import { avatarSeed } from "../lib/avatar.ts";
import type { WorkContext } from "../lib/background.ts";
import { timeId } from "../lib/ids.ts";
import { type Keys, keysOf } from "../lib/keys.ts";
import type { ReadScope } from "../lib/reads/changed.ts";
import { isReservedName } from "../lib/reserved-names.ts";
import { sourceTime } from "../lib/source-time.ts";
import { nowIso } from "../lib/time.ts";
import type { LiveChange } from "../live/events.ts";
import { RENDERER_VERSION, type Rendered, renderComment } from "../render/markdown.ts";
import { screen } from "../spam/pipeline.ts";
import { type RemoteContext, remoteChecks } from "../spam/remote-checks.ts";
import type { SiteContext } from "./moderation/effects.ts";
import type { Transition } from "./moderation/transitions.ts";
import { answerOf, writePost } from "./post/write.ts";

export interface RemotePost {
  siteId: string;
  /** The page it answers (a Webmention's target) and that page's thread key. */
  pageUrl: string;
  pageKey: string;
  remote: RemoteOrigin;
  author: { name: string; url: string | null };
  /** The remote id of the post this one answers, when that post is a comment of the thread too
   * (a reply to a reply on Mastodon or Bluesky); absent or null for a root. */
  parentRemoteId?: string | null;
  /** The comment of the thread this one answers, by its id (a Webmention replying to a comment's
   * permalink); shown as a root when that comment is not shown. */
  parentId?: string | null;
  /** The post's content as its source gave it: HTML, converted to Markdown here. */
  html: string;
  /** When its source says it was posted (dt-published, Mastodon's created_at, Bluesky's
   * createdAt): shown as the comment's time when it is a real time no later than its arrival. */
  publishedAt?: string | null;
}

/** What a remote post is judged with, from a request's or a queue consumer's bindings: no
 * reader's address, browser or Turnstile token, and Akismet when it is configured. */
export const remoteEnvOf = (c: WorkContext): RemoteEnv => ({
  keys: keysOf(c.env),
  remote: {
    ip: undefined,
    userAgent: undefined,
    turnstileUrl: undefined,
    akismet: c.env.AKISMET_API_KEY ? { url: c.env.AKISMET_URL, key: c.env.AKISMET_API_KEY } : null,
  },
});

/** What a remote write changed, for the caller's after-answer work (afterAnswer, readsChanged). */
export interface RemoteWrite {
  commentId: string | null;
  transitions: Transition[];
  sites: SiteContext[];
  live: LiveChange[];
  changed: ReadScope | null;
}

export interface RemoteEnv {
  keys: Keys;
  /** Akismet, when configured; a remote post has no browser, so no Turnstile. */
  remote: RemoteContext;
}

const by = { kind: "reader" } as const;

/** The Markdown of the source's HTML, cut to what the site accepts (a remote post is not refused
 * for its length: the rest stays at its source, one click away). */
export function remoteText(html: string, site: Site): string {
  const text = htmlToMarkdown(html).trim();
  const max = Math.min(site.maxLength, LIMITS.textMax);
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The hold reasons of a remote post: the checks of a post that apply without a browser. */
async function judgeRemote(site: Site, post: RemotePost, text: string, rendered: Rendered, env: RemoteEnv) {
  const local = screen({
    ...{ site, kind: "post", shownText: rendered.shownText, linkCount: rendered.linkCount },
    ...{ trap: null, elapsedMs: null, banned: false, duplicate: false, otherThreads: 0 },
    approvedBefore: false,
    signedIn: false,
  });
  // Nobody signed in: a site that wants signed-in readers has a moderator decide on each one,
  // and a reserved name from elsewhere is held rather than shown.
  if (site.posting === "verified")
    local.push("moderation: from the open web (this site asks readers to sign in)");
  if (isReservedName(post.author.name, site.reservedNames)) local.push("moderation: a reserved name");
  const remote = await remoteChecks(
    site,
    null,
    {
      kind: "post",
      text,
      authorName: post.author.name,
      email: null,
      website: post.author.url,
      pageUrl: post.pageUrl,
    },
    env.remote,
  );
  return [...local, ...remote];
}

async function load(db: Db, post: RemotePost) {
  const { siteId, pageKey } = post;
  const found = await batch(db, {
    site: siteWithSecrets(db, siteId),
    thread: threadByKey(db, siteId, pageKey),
    existing: remoteComment(db, siteId, pageKey, post.remote.id),
    parent: post.parentId
      ? localParent(db, siteId, pageKey, post.parentId)
      : remoteParent(db, siteId, pageKey, post.parentRemoteId ?? null),
  });
  if (!found.site) throw new ApiError("unknown_site", "This site is not registered.");
  // A reply waits for its parent to be shown (a held or missing parent takes no replies, as for
  // a reader's reply); the next pull tries again.
  if (!found.existing && post.parentRemoteId && found.parent?.status !== "approved")
    throw new ApiError("parent_not_found", "The post this one answers is not shown here.");
  // A Webmention is sent once: one answering a comment that is not shown stands on its own.
  if (post.parentId && found.parent?.status !== "approved") found.parent = null;
  return { ...found, site: found.site };
}

/** Stores the remote post as a comment, or brings its comment up to date. */
export async function upsertRemoteComment(db: Db, env: RemoteEnv, post: RemotePost): Promise<RemoteWrite> {
  const nowMs = Date.now();
  const loaded = await load(db, post);
  const { site } = loaded.site;
  if (loaded.thread?.locked) throw new ApiError("thread_locked", "Comments on this page are closed.");
  const text = remoteText(post.html, site);
  const rendered = renderComment(text);
  const judged = { text, rendered, reasons: await judgeRemote(site, post, text, rendered, env), nowMs };
  const sites = [{ site, webhookSecret: loaded.site.webhookSecret }];
  const written = loaded.existing
    ? await update(db, loaded.existing, post, judged)
    : await insert(
        db,
        post,
        site,
        loaded.thread,
        await newComment(env, post, site, { ...judged, parent: loaded.parent }),
      );
  return { ...written, sites };
}

type Judged = { text: string; rendered: Rendered; reasons: string[]; nowMs: number };

/** The row of a new remote comment: no email, no network, no identity, no edit token. */
async function newComment(
  env: RemoteEnv,
  post: RemotePost,
  site: Site,
  q: Judged & { parent: ParentRow | null },
): Promise<NewComment> {
  return {
    id: timeId(q.nowMs),
    siteId: site.id,
    pageKey: post.pageKey,
    parent: q.parent,
    status: q.reasons.length > 0 ? "pending" : "approved",
    authorName: post.author.name,
    authorEmail: null,
    authorWebsite: post.author.url,
    avatarSeed: await avatarSeed(env.keys, site.id, { email: null, name: post.author.name }),
    identityId: null,
    authorVerified: null,
    isModerator: false,
    notifyReplies: false,
    text: q.text,
    html: q.rendered.html,
    rendererVersion: RENDERER_VERSION,
    // Nobody holds an edit token: a remote post is edited at its source and sent again.
    editTokenHash: null,
    networkHash: null,
    moderationReasons: q.reasons,
    sourceId: null,
    remote: post.remote,
    createdAt: sourceTime(post.publishedAt, q.nowMs),
    // Placed in the thread, queued for moderators and announced live as it arrives.
    arrivedAt: nowIso(q.nowMs),
  };
}

/** Written by the post's own write (post/write.ts): the thread on its first comment, the counters. */
async function insert(
  db: Db,
  post: RemotePost,
  site: Site,
  thread: Thread | null,
  comment: NewComment,
): Promise<Omit<RemoteWrite, "sites">> {
  const arrived = comment.arrivedAt ?? comment.createdAt;
  const createdMs = Date.parse(arrived);
  const input = { site: site.id, url: post.pageUrl, text: comment.text } as CreateCommentInput;
  const answer = answerOf(comment, thread, site, createdMs);
  const count = await writePost(db, { comment, input, answer, idempotency: null, createdMs });
  const facts: CommentFacts = {
    ...{ id: comment.id, siteId: site.id, parentId: comment.parent?.id ?? null, status: comment.status },
    text: comment.text,
    ...{ authorName: comment.authorName, email: null, website: comment.authorWebsite, notifyReplies: false },
    ...{ updatedAt: arrived, pageKey: post.pageKey, pageUrl: thread?.url ?? post.pageUrl },
    pageTitle: thread?.title ?? null,
  };
  const approved = comment.status === "approved";
  const known = { comment: answer.comment, count };
  return {
    commentId: comment.id,
    transitions: [{ from: null, to: comment.status, by, comment: facts }],
    live: approved ? [{ id: comment.id, shownBefore: false, thread: [site.id, post.pageKey], known }] : [],
    changed: approved ? { siteId: site.id, pageKey: post.pageKey } : null,
  };
}

/** The source changed: its new text is judged as an author's edit is; a comment a moderator took
 * down (spam, deleted) stays down. */
async function update(
  db: Db,
  existing: RemoteRow,
  post: RemotePost,
  q: Judged,
): Promise<Omit<RemoteWrite, "sites">> {
  if (existing.status !== "approved" && existing.status !== "pending")
    throw new ApiError("forbidden", "A moderator has removed the comment of this mention.");
  const now = nowIso(q.nowMs);
  const held = q.reasons.length > 0 && existing.moderated_at === null;
  const { before, changed, comment } = await batch(db, {
    before: selectFacts(db, [existing.id]),
    written: exec(
      updateRemote(db, {
        ...{ id: existing.id, authorName: post.author.name, authorWebsite: post.author.url },
        ...{ url: post.remote.url, handle: post.remote.handle, text: q.text, html: q.rendered.html },
        ...{ rendererVersion: RENDERER_VERSION, now },
      }),
    ),
    changed: held
      ? changeStatus(db, {
          ...{ ids: [existing.id], status: "pending", now, moderated: false },
          reasons: q.reasons.map((r) => `after an update at the source: ${r}`),
          onlyFrom: ["approved"],
        })
      : none<{ id: string }[]>([]),
    comment: publicComment(db, existing.id),
  });
  const facts = before[0];
  const shown = comment?.status === "approved";
  return {
    commentId: existing.id,
    transitions:
      changed.length > 0 && facts
        ? [{ from: "approved", to: "pending", by, comment: { ...facts, text: q.text, updatedAt: now } }]
        : [],
    live:
      shown || changed.length > 0
        ? [{ id: existing.id, shownBefore: true, thread: [post.siteId, post.pageKey] }]
        : [],
    changed: existing.status === "approved" ? { siteId: post.siteId, pageKey: post.pageKey } : null,
  };
}

/** The remote post is gone (or no longer answers the page): its comment is erased. */
export async function removeRemoteComment(
  db: Db,
  q: { siteId: string; pageKey: string; remoteId: string },
): Promise<RemoteWrite> {
  const { existing } = await batch(db, { existing: remoteComment(db, q.siteId, q.pageKey, q.remoteId) });
  const nothing = { commentId: null, transitions: [], sites: [], live: [], changed: null };
  if (!existing) return nothing;
  const now = nowIso();
  const id = existing.id;
  const erase = { id, now, guard: "none" } as const;
  const { before, changed } = await batch(db, {
    before: selectFacts(db, [id]),
    traces: exec(...clearTraces(db, erase)),
    changed: changeStatus(db, { ids: [id], status: "deleted", reasons: [], now, moderated: false }),
    row: exec(...emptyRow(db, erase)),
    forget: exec(forgetRemote(db, id)),
  });
  const facts = before[0];
  if (!facts) return nothing;
  return {
    commentId: id,
    transitions: changed.length > 0 ? [{ from: facts.status, to: "erased", by, comment: facts }] : [],
    sites: [],
    live: [],
    changed: { siteId: q.siteId, pageKey: q.pageKey },
  };
}
