// WordPress WXR → the import model. A post with comments becomes a thread (`comment_status`
// closed → locked); a post without any is not a thread (attachments, menu items, pages nobody
// commented on). Comments keep their nesting, author, GMT date and approval state: 1 approved,
// 0 pending, spam spam, trash a deleted placeholder (it keeps its replies' place, not its words),
// a missing state pending. Pingbacks and trackbacks are not comments in Confab: they are skipped
// and counted, and a reply to one hangs under the pingback's own parent (or at the top level).
// Source ids name the comment as WordPress's own URL does (`wxr:<blog>/?p=<post id>#comment-<id>`,
// or `wxr:<post link>#comment-<id>` without a post id): comment ids are only unique within one
// WordPress database, and two posts, or two blogs imported into one site, reuse them.
import type { CommentStatus } from "../../../shared/types.ts";
import { httpUrl, mendAuthor } from "./fields.ts";
import { htmlToMarkdown } from "./html-to-markdown.ts";
import { type ImportComment, isoDate, type ParsedImport } from "./model.ts";
import type { WxrComment, WxrPost } from "./wxr-parse.ts";

const STATUS: Record<string, CommentStatus> = {
  "1": "approved",
  approve: "approved",
  approved: "approved",
  "0": "pending",
  hold: "pending",
  spam: "spam",
  trash: "deleted",
  "post-trashed": "deleted",
};
const LINKBACKS = new Set(["pingback", "trackback"]);

/** One post (an `<item>`) and its comments, added to `out`. */
export function addWxrPost(post: WxrPost, out: ParsedImport, blog = ""): void {
  const comments = post.comments.filter((c) => !LINKBACKS.has(c.type));
  out.skipped += post.comments.length - comments.length;
  if (!comments.length) return;
  const url = httpUrl(post.link);
  if (!url) {
    out.errors.push({
      entry: `post "${post.title || post.id}"`,
      reason: post.link ? `link ${post.link} is not an http(s) URL` : "no link",
    });
    out.skipped += comments.length;
    return;
  }
  const scope = post.id ? `${blog}/?p=${post.id}` : post.link;
  const postDate = isoDate(post.dateGmt) ?? isoDate(post.date) ?? firstDate(comments);
  const parentOf = linkbackParents(post);
  const seen = new Set<string>();
  const entries: ImportComment[] = [];
  for (const c of comments) {
    const entry = wxrComment(c, { scope, url, postDate }, out);
    if (!entry) continue;
    if (seen.has(c.id)) {
      out.errors.push({ entry: `comment ${entry.ref}`, reason: "the same comment id twice in one post" });
      out.skipped++;
      continue;
    }
    seen.add(c.id);
    entries.push(entry);
    const parent = parentOf(c.parent);
    entry.parentRef = parent && parent !== c.id ? `wxr:${scope}#comment-${parent}` : null;
  }
  const refs = new Set(entries.map((e) => e.ref));
  for (const e of entries) e.parentInFile = e.parentRef !== null && refs.has(e.parentRef);
  if (!entries.length) return;
  out.threads.push({
    ref: url,
    key: null,
    url,
    title: post.title || null,
    locked: post.commentStatus === "closed",
    createdAt: postDate ?? new Date(0).toISOString(),
    id: null,
  });
  out.comments.push(...entries);
}

/** The earliest date among comments: what a post without a date of its own is dated with. */
function firstDate(comments: WxrComment[]): string | null {
  const dates = comments
    .map((c) => isoDate(c.dateGmt) ?? isoDate(c.date))
    .filter((d): d is string => d !== null);
  return dates.sort()[0] ?? null;
}

/** A comment's parent id, past any pingback or trackback in between ("" for the top level). */
function linkbackParents(post: WxrPost): (id: string) => string {
  const skipped = new Map(post.comments.filter((c) => LINKBACKS.has(c.type)).map((c) => [c.id, c.parent]));
  return (id) => {
    let at = id;
    for (let hops = 0; skipped.has(at) && hops < post.comments.length; hops++) at = skipped.get(at) ?? "";
    return at === "0" ? "" : at;
  };
}

function wxrComment(
  c: WxrComment,
  post: { scope: string; url: string; postDate: string | null },
  out: ParsedImport,
): ImportComment | null {
  const ref = `wxr:${post.scope}#comment-${c.id}`;
  const known = c.approved === null ? undefined : STATUS[c.approved];
  const own = isoDate(c.dateGmt) ?? isoDate(c.date);
  // Trash without a date has nothing left to keep.
  if (!own && known === "deleted") {
    out.skipped++;
    return null;
  }
  const createdAt = own ?? post.postDate;
  if (!c.id || !createdAt) {
    out.errors.push({ entry: `comment ${c.id ? ref : "?"}`, reason: c.id ? "bad date" : "no comment id" });
    out.skipped++;
    return null;
  }
  if (!own) out.errors.push({ entry: `comment ${ref}`, reason: "no usable date: dated as its post" });
  const text = htmlToMarkdown(c.content);
  // Nothing to show: a placeholder, so replies keep their place.
  const status = known === undefined ? "pending" : text === "" ? "deleted" : known;
  const gone = status === "deleted";
  const author = gone
    ? { name: "", email: null, website: null }
    : mendAuthor({ name: c.author, email: c.email, website: c.url });
  return {
    ref,
    sourceId: ref,
    threadRef: post.url,
    parentRef: null,
    parentInFile: false,
    status,
    pinned: false,
    likes: 0,
    author: { ...author, isModerator: false, verified: null },
    text: gone ? "" : text,
    createdAt,
    editedAt: null,
    reasons: reasonsFor(c, status, known),
    id: null,
  };
}

function reasonsFor(c: WxrComment, status: CommentStatus, known: CommentStatus | undefined): string[] {
  if (known === undefined)
    return [
      c.approved
        ? `imported from WordPress as "${c.approved}"`
        : "imported from WordPress without an approval state",
    ];
  if (status === "approved") return [];
  if (status === "deleted")
    return [known === "deleted" ? "imported from WordPress as trash" : "imported with no text"];
  return [`imported from WordPress as ${status}`];
}
