// WordPress WXR → the import model. Posts become threads (`comment_status` closed → locked);
// comments keep their nesting, author, GMT date and approval state (1 approved, 0 pending, spam
// spam, trash skipped); pingbacks and trackbacks are skipped and counted; WordPress's HTML
// becomes Markdown source, rendered again by our pipeline.
import type { CommentStatus } from "../../../shared/types.ts";
import { htmlToMarkdown } from "./html-to-markdown.ts";
import { isoDate, type ParsedImport } from "./model.ts";
import { parseWxr, type WxrPost } from "./wxr-parse.ts";

const STATUS: Record<string, CommentStatus> = { "1": "approved", "0": "pending", spam: "spam" };

export function fromWxr(xml: string): ParsedImport {
  const out: ParsedImport = { threads: [], comments: [], skipped: 0, errors: [] };
  for (const post of parseWxr(xml)) addWxrPost(post, out);
  return out;
}

/** One post (an `<item>`) and its comments, added to `out`; the streaming importer calls it per item. */
export function addWxrPost(post: WxrPost, out: ParsedImport): void {
  const postDate =
    isoDate(post.dateGmt ?? "") ?? isoDate(post.comments[0]?.dateGmt ?? "") ?? new Date(0).toISOString();
  if (!post.link) {
    out.errors.push({ entry: `post "${post.title}"`, reason: "no link" });
    out.skipped += post.comments.length;
    return;
  }
  out.threads.push({
    ref: post.link,
    key: null,
    url: post.link,
    title: post.title || null,
    locked: post.commentStatus === "closed",
    createdAt: postDate,
    id: null,
  });
  for (const c of post.comments) {
    if (c.type === "pingback" || c.type === "trackback" || c.approved === "trash") {
      out.skipped++;
      continue;
    }
    const createdAt = isoDate(c.dateGmt);
    const status = STATUS[c.approved];
    if (!createdAt || !status || !c.id) {
      out.errors.push({
        entry: `comment ${c.id || "?"}`,
        reason: !createdAt ? "bad date" : "bad id or approval state",
      });
      out.skipped++;
      continue;
    }
    out.comments.push({
      ref: `wxr:${c.id}`,
      sourceId: `wxr:${c.id}`,
      threadRef: post.link,
      parentRef: c.parent && c.parent !== "0" ? `wxr:${c.parent}` : null,
      status,
      pinned: false,
      likes: 0,
      author: {
        name: c.author,
        email: c.email || null,
        website: /^https?:\/\//i.test(c.url) ? c.url : null,
        isModerator: false,
      },
      text: htmlToMarkdown(c.content),
      createdAt,
      editedAt: null,
      reasons:
        status === "approved"
          ? []
          : [`imported from WordPress as ${c.approved === "0" ? "pending" : "spam"}`],
      id: null,
    });
  }
}
