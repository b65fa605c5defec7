// Disqus XML export → the import model: <thread>s become threads (isClosed → locked, deleted
// threads skipped), <post>s become comments with their <parent> links; isSpam → spam, isDeleted →
// a deleted placeholder without its text; the post HTML becomes Markdown source.
import { decodeEntities, htmlToMarkdown } from "./html-to-markdown.ts";
import { type ImportComment, type ImportThread, isoDate, type ParsedImport } from "./model.ts";

function field(xml: string, tag: string): string {
  const m = xml.match(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`));
  if (!m?.[1]) return "";
  const cdata = m[1].match(/^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/);
  return cdata?.[1] ?? decodeEntities(m[1]).trim();
}

export const dsqId = (xml: string, tag: string) =>
  xml.match(new RegExp(`<${tag}\\s+dsq:id="([^"]+)"`))?.[1] ?? "";
const isTrue = (xml: string, tag: string) => field(xml, tag) === "true";

export function fromDisqus(xml: string): ParsedImport {
  const out: ParsedImport = { threads: [], comments: [], skipped: 0, errors: [] };
  const threads = new Set<string>();
  for (const [block = ""] of xml.matchAll(/<thread\s+dsq:id="[^"]+"\s*>[\s\S]*?<\/thread>/g)) {
    const thread = disqusThread(block, out);
    if (thread) threads.add(thread.ref);
  }
  for (const [block = ""] of xml.matchAll(/<post\s+dsq:id="[^"]+"\s*>[\s\S]*?<\/post>/g)) {
    const post = disqusPost(block, out);
    if (post && !threads.has(post.threadRef)) missingThread(post, out);
    else if (post) out.comments.push(post);
  }
  return out;
}

/** A `<thread>` element → a thread added to `out`, or null when it is deleted or has no link. */
export function disqusThread(block: string, out: ParsedImport): ImportThread | null {
  const id = dsqId(block, "thread");
  const link = field(block, "link");
  if (isTrue(block, "isDeleted")) return null;
  if (!link) {
    out.errors.push({ entry: `thread ${id}`, reason: "no link" });
    return null;
  }
  const thread: ImportThread = {
    ref: id,
    key: null,
    url: link,
    title: field(block, "title") || null,
    locked: isTrue(block, "isClosed"),
    createdAt: isoDate(field(block, "createdAt")) ?? new Date(0).toISOString(),
    id: null,
  };
  out.threads.push(thread);
  return thread;
}

/** A `<post>` element → a comment (its thread still to be checked), or null with the error in `out`. */
export function disqusPost(block: string, out: ParsedImport): ImportComment | null {
  const id = dsqId(block, "post");
  const createdAt = isoDate(field(block, "createdAt"));
  if (!createdAt) {
    out.errors.push({ entry: `post ${id}`, reason: "bad date" });
    out.skipped++;
    return null;
  }
  const deleted = isTrue(block, "isDeleted");
  const author = block.match(/<author>([\s\S]*?)<\/author>/)?.[1] ?? "";
  const parent = dsqId(block, "parent");
  return {
    ref: `disqus:${id}`,
    sourceId: `disqus:${id}`,
    threadRef: dsqId(block, "thread"),
    parentRef: parent ? `disqus:${parent}` : null,
    status: deleted ? "deleted" : isTrue(block, "isSpam") ? "spam" : "approved",
    pinned: false,
    likes: 0,
    author: {
      name: deleted ? "" : field(author, "name") || field(author, "username"),
      email: deleted ? null : field(author, "email") || null,
      website: null,
      isModerator: false,
    },
    // A post deleted on Disqus keeps its place in the tree but not its words.
    text: deleted ? "" : htmlToMarkdown(field(block, "message")),
    createdAt,
    editedAt: null,
    reasons: isTrue(block, "isSpam") ? ["imported from Disqus as spam"] : [],
    id: null,
  };
}

export function missingThread(post: ImportComment, out: ParsedImport): void {
  out.errors.push({ entry: `post ${post.ref.slice("disqus:".length)}`, reason: "missing thread" });
  out.skipped++;
}
