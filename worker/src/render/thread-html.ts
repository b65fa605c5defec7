// GET /threads.html: a thread's first page as an HTML fragment for pages without JavaScript and
// for search engines, with schema.org microdata (a DiscussionForumPosting with its Comments).
// Built from the same answer as GET /threads: comment HTML was sanitised when it was written;
// everything else here is escaped.
import type { PublicComment, ThreadResponse } from "../../../shared/types.ts";
import { escapeHtml } from "../lib/mail.ts";

const SCHEMA = "https://schema.org/";

/** Plain English: the fragment is for crawlers and no-JS readers; the widget draws its own. */
const countText = (n: number) => (n === 0 ? "No comments yet" : n === 1 ? "1 comment" : `${n} comments`);

function commentHtml(c: PublicComment, children: Map<string | null, PublicComment[]>): string {
  const replies = children.get(c.id) ?? [];
  const nested = replies.length
    ? `<ol class="replies">${replies.map((r) => commentHtml(r, children)).join("")}</ol>`
    : "";
  if (c.status === "deleted" || !c.author)
    return `<li><article id="comment-${c.id}" class="comment deleted"><p>This comment was deleted.</p></article>${nested}</li>`;
  const name = escapeHtml(c.author.name || "Anonymous");
  const website = /^https?:\/\//i.test(c.author.website ?? "") ? (c.author.website as string) : null;
  const author = website
    ? `<a itemprop="url" href="${escapeHtml(website)}" rel="nofollow ugc noopener"><span itemprop="name">${name}</span></a>`
    : `<span itemprop="name">${name}</span>`;
  return `<li><article id="comment-${c.id}" class="comment" itemprop="comment" itemscope itemtype="${SCHEMA}Comment">
<header><span itemprop="author" itemscope itemtype="${SCHEMA}Person">${author}</span> <a href="#comment-${c.id}" itemprop="url"><time itemprop="dateCreated" datetime="${c.createdAt}">${c.createdAt.slice(0, 10)}</time></a></header>
<div itemprop="text">${c.html}</div>
</article>${nested}</li>`;
}

/** The fragment: the page's discussion, its comments nested as in the thread answer. */
export function threadHtml(page: ThreadResponse): string {
  const { thread } = page;
  const children = new Map<string | null, PublicComment[]>();
  for (const c of page.comments) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const roots = children.get(null) ?? [];
  const meta = [
    thread.title ? `<meta itemprop="headline" content="${escapeHtml(thread.title)}">` : "",
    thread.url ? `<link itemprop="url" href="${escapeHtml(thread.url)}">` : "",
    `<meta itemprop="commentCount" content="${thread.commentCount}">`,
  ].join("");
  const list = roots.length
    ? `<ol class="comments">${roots.map((c) => commentHtml(c, children)).join("")}</ol>`
    : "";
  return `<section class="confab-static" data-confab-static="${escapeHtml(thread.key)}" itemscope itemtype="${SCHEMA}DiscussionForumPosting">${meta}
<h2>${countText(thread.commentCount)}</h2>
${list}
</section>
`;
}
