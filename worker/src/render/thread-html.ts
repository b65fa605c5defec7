// GET /threads.html: a thread's first page as an HTML fragment for pages without JavaScript and
// for search engines, with schema.org microdata (a DiscussionForumPosting with its Comments).
// Built from the same answer as GET /threads: comment HTML was sanitised when it was written;
// everything else here is escaped.
//
// The fragment is the widget's own first drawing of the thread, in a declarative shadow root with
// the widget's stylesheet: the same elements and classes as widget/src/components/*.tsx (and the
// buttons write.js adds), so it looks and measures the same with or without JavaScript, and the
// widget, when it arrives, puts its own drawing in its place with nothing moving (mount.tsx).
// A change to the widget's markup that changes its layout must be made here too; the browser
// test test/e2e/widget-static.test.ts measures the layout shift of the takeover.
import { identicon } from "../../../shared/avatar.ts";
import type { PublicComment, PublicSite, ReactionCounts, ThreadResponse } from "../../../shared/types.ts";
import { escapeHtml } from "../lib/mail.ts";

const SCHEMA = "https://schema.org/";
/** As widget/src/components/comment.tsx: deeper replies keep this indent and say whom they answer. */
const MAX_INDENT = 4;

/** Plain English: the fragment is for crawlers and no-JS readers; the widget draws its own. */
const countText = (n: number) => (n === 0 ? "No comments yet" : n === 1 ? "1 comment" : `${n} comments`);
const http = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);
const OUT = 'rel="nofollow ugc noopener" target="_blank"';

type Node = { c: PublicComment; children: Node[] };

/** A reactions bar as write.js draws it (write/reactions.tsx): inert here, for the counts. */
function reactions(site: PublicSite, counts: ReactionCounts, page: boolean): string {
  if (!site.reactions.length) return "";
  const shown = page ? site.reactions : site.reactions.filter((e) => counts[e]);
  const pills = shown.map((e) => {
    const n = counts[e] ?? 0;
    const label = `React with ${e}${n ? `, ${n} reaction${n === 1 ? "" : "s"}` : ""}`;
    return `<button type="button" class="reaction" aria-pressed="false" aria-label="${escapeHtml(label)}" aria-disabled="false"><span aria-hidden="true">${escapeHtml(e)}</span>${n ? `<span aria-hidden="true">${n}</span>` : ""}</button>`;
  });
  const more = page ? "" : '<button type="button" class="link">React</button>';
  return `<fieldset class="reactions" aria-label="Reactions to ${page ? "this page" : "this comment"}">${pills.join("")}${more}</fieldset>`;
}

/** Avatar, name, moderator badge, date, edited, where it came from, whom a deep reply answers. */
function header(c: PublicComment, name: string, parent: PublicComment | null): string {
  const author = c.author as NonNullable<PublicComment["author"]>;
  const { path, fill } = identicon(author.avatar);
  const website = http(c.source?.author.url ?? author.website);
  const person = `<span itemprop="name">${escapeHtml(name)}</span>`;
  const who = website
    ? `<a class="name" itemprop="author" itemscope itemtype="${SCHEMA}Person" href="${escapeHtml(website)}" ${OUT}><link itemprop="url" href="${escapeHtml(website)}">${person}</a>`
    : `<span class="name" itemprop="author" itemscope itemtype="${SCHEMA}Person">${person}</span>`;
  const source = c.source;
  const there = source && http(source.url);
  const network = source ? source.kind[0]?.toUpperCase() + source.kind.slice(1) : "";
  const via = source
    ? `<a class="meta"${there ? ` href="${escapeHtml(there)}" ${OUT}` : ""}>via ${network}</a><a class="meta"${there ? ` href="${escapeHtml(there)}" ${OUT}` : ""}>Reply there</a>`
    : "";
  const parentName = parent ? parent.source?.author.name || parent.author?.name || "Anonymous" : "";
  return [
    `<header><svg class="avatar" viewBox="-1 -1 7 7" aria-hidden="true"><path d="${path}" fill="${fill}"></path></svg>`,
    who,
    author.isModerator ? '<span class="badge">Moderator</span>' : "",
    `<a class="meta" href="#comment-${c.id}" itemprop="url"><time itemprop="dateCreated" datetime="${c.createdAt}">${c.createdAt.slice(0, 10)}</time></a>`,
    c.editedAt ? '<span class="meta">(edited)</span>' : "",
    via,
    parent ? `<a class="meta" href="#comment-${parent.id}">replying to ${escapeHtml(parentName)}</a>` : "",
    "</header>",
  ].join("");
}

/** Like, Reply, the comment's reactions and Report, as write.js draws them (write/actions.tsx). */
function actions(c: PublicComment, site: PublicSite, locked: boolean): string {
  const likes = c.likes > 0 ? ` <span>${c.likes}</span>` : " ";
  return [
    `<div class="actions-row"><button type="button" class="link" aria-pressed="false">Like${likes}</button>`,
    locked ? "" : '<button type="button" class="link" aria-expanded="false">Reply</button>',
    reactions(site, c.reactions, false),
    '<button type="button" class="link" aria-expanded="false">Report</button></div>',
  ].join("");
}

function commentHtml(node: Node, depth: number, parent: PublicComment | null, page: ThreadResponse): string {
  const { c, children } = node;
  const name = c.source?.author.name || c.author?.name || "Anonymous";
  const label = escapeHtml(`Replies to ${name}`);
  const nested = children.length
    ? `<ol class="${depth < MAX_INDENT ? "replies" : "replies flat"}" aria-label="${label}">${children.map((r) => commentHtml(r, depth + 1, c, page)).join("")}</ol>`
    : "";
  // As the widget, which offers "Show more replies" under a root with replies left out.
  const more =
    depth === 0 && missing(node) ? '<button type="button" class="link more">Show more replies</button>' : "";
  if (c.status === "deleted" || !c.author)
    return `<li><article id="comment-${c.id}" tabindex="-1" class="comment deleted" aria-label="This comment was deleted."><p class="meta">This comment was deleted.</p></article>${nested}${more}</li>`;
  return `<li><article id="comment-${c.id}" tabindex="-1" class="comment ${c.status}" aria-label="${escapeHtml(`Comment by ${name}`)}" itemprop="comment" itemscope itemtype="${SCHEMA}Comment">${header(c, name, depth > MAX_INDENT ? parent : null)}<div class="body" itemprop="text">${c.html}</div>${actions(c, page.site, page.thread.locked)}</article>${nested}${more}</li>`;
}

const missing = (node: Node): boolean =>
  node.children.length < node.c.replyCount || node.children.some(missing);

/** Nested by parentId in the answer's order; a reply whose parent is not here is a root (as tree.ts). */
function tree(comments: PublicComment[]): Node[] {
  const nodes = new Map<string | null, Node>(comments.map((c) => [c.id, { c, children: [] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(node.c.parentId);
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * The fragment: the page's discussion as the widget draws it, in `<template shadowrootmode>`
 * with `css`, the widget's stylesheet (dist/widget.css), and the comment form's place: an empty
 * box of its height, hidden when the browser runs no scripts (no form is coming).
 */
export function threadHtml(page: ThreadResponse, css = "", sort: string | null = null): string {
  const { thread } = page;
  const roots = tree(page.comments);
  const meta = [
    thread.title ? `<meta itemprop="headline" content="${escapeHtml(thread.title)}">` : "",
    thread.url ? `<link itemprop="url" href="${escapeHtml(thread.url)}">` : "",
    `<meta itemprop="commentCount" content="${thread.commentCount}">`,
  ].join("");
  const order = sort ?? "oldest";
  const select =
    roots.length > 1
      ? `<label class="sort">Sort by <select>${["oldest", "newest", "top"].map((s) => `<option value="${s}"${s === order ? " selected" : ""}>${s[0]?.toUpperCase()}${s.slice(1)}</option>`).join("")}</select></label>`
      : "";
  const list = roots.length
    ? `<ol class="comments">${roots.map((n) => commentHtml(n, 0, null, page)).join("")}</ol>`
    : "";
  const more = page.nextCursor ? '<button type="button" class="more">Load more comments</button>' : "";
  const form = thread.locked
    ? '<p class="note">Comments are closed.</p>'
    : '<div class="placeholder CommentForm"></div>';
  return `<template shadowrootmode="open"><style>${css.replace(/<\//g, "<\\/")}@media (scripting:none){.confab .placeholder.CommentForm{display:none}}</style><div class="confab" lang="en" dir="ltr" data-confab-static="${escapeHtml(thread.key)}" itemscope itemtype="${SCHEMA}DiscussionForumPosting">${meta}<p class="sr" aria-live="polite"></p><section class="thread" aria-labelledby="confab-heading"><div class="bar"><h2 id="confab-heading">${countText(thread.commentCount)}</h2>${reactions(page.site, thread.reactions, true)}${select}</div>${order === "newest" ? form : ""}${list}${more}${order === "newest" ? "" : form}</section></div></template>
`;
}
