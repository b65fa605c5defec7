// Disqus XML export → the import model. A <thread> with posts becomes a thread (isClosed →
// locked; a deleted thread is left out with its posts; one without posts is not a thread), at its
// <link>, or at its identifier (`<id>`, the page's disqus_identifier, Confab's pageId) when the
// link is empty. A <post> becomes a comment with its <parent> link; isSpam → spam, isDeleted (or
// an empty message) → a deleted placeholder without its text; the post HTML becomes Markdown.
//
// References come in two forms, both in Disqus's own help-centre example: an attribute naming the
// dsq:id (`<thread dsq:id="2"/>`), or text naming the identifier (`<thread>1</thread>`, which is
// the `<id>` of a thread). A post without a dsq:id is known by its `<id>`. Dates without a zone
// are UTC. Names, titles and messages are read as XML gives them, not HTML-decoded again.
import { LIMITS } from "../../../shared/limits.ts";
import { httpUrl, mendAuthor, title } from "./fields.ts";
import { htmlToMarkdown } from "./html-to-markdown.ts";
import { type ImportComment, type ImportThread, isoDate, type ParsedImport } from "./model.ts";
import { child, childText, prefixedAttr } from "./xml-node.ts";
import type { ScanRules, XmlNode } from "./xml-scan.ts";

export const DISQUS_RULES: Omit<ScanRules, "maxUnitChars"> = {
  root: "disqus",
  label: "Disqus",
  isUnit: (ancestors, tag) => ancestors.length === 1 && (tag.local === "thread" || tag.local === "post"),
};

/** What the first pass over the file learns, for the second to resolve references. */
export interface DisqusPlan {
  /** Threads in the file (dsq:id, else `id:` + identifier), deleted or not. */
  threads: Set<string>;
  threadByIdent: Map<string, string>;
  /** Threads at least one post names. */
  used: Set<string>;
  posts: Set<string>;
  postByIdent: Map<string, string>;
}

export const threadRefOf = (node: XmlNode) => {
  const dsq = prefixedAttr(node, "id");
  const ident = childText(node, "id");
  return dsq || (ident ? `id:${ident}` : "");
};
const postRefOf = (node: XmlNode) => {
  const dsq = prefixedAttr(node, "id");
  const ident = childText(node, "id");
  return dsq ? `disqus:${dsq}` : ident ? `disqus:id:${ident}` : "";
};

/** A post's reference to its thread or parent: the attribute, else the text (an identifier). */
function reference(node: XmlNode | undefined, byIdent: Map<string, string>, prefix: string): string {
  if (!node) return "";
  const dsq = prefixedAttr(node, "id");
  if (dsq) return prefix + dsq;
  const text = node.text.trim();
  return text ? (byIdent.get(text) ?? prefix + text) : "";
}

/** A post's own reference, and those of its thread and parent ("" when none). */
export function postLinks(node: XmlNode, plan: DisqusPlan): { ref: string; thread: string; parent: string } {
  return {
    ref: postRefOf(node),
    thread: reference(child(node, "thread"), plan.threadByIdent, ""),
    parent: reference(child(node, "parent"), plan.postByIdent, "disqus:"),
  };
}

export function emptyPlan(): DisqusPlan {
  return {
    threads: new Set(),
    threadByIdent: new Map(),
    used: new Set(),
    posts: new Set(),
    postByIdent: new Map(),
  };
}

/** The first pass: threads and posts by id and identifier, and which threads have posts. */
export function planDisqus(): { add(unit: XmlNode): void; finish(): DisqusPlan } {
  const plan = emptyPlan();
  const postThreads: XmlNode[] = [];
  return {
    add(node) {
      const ident = childText(node, "id");
      if (node.name === "thread") {
        const ref = threadRefOf(node);
        plan.threads.add(ref);
        if (ident && !plan.threadByIdent.has(ident)) plan.threadByIdent.set(ident, ref);
        return;
      }
      const ref = postRefOf(node);
      plan.posts.add(ref);
      if (ident && !plan.postByIdent.has(ident)) plan.postByIdent.set(ident, ref);
      const thread = child(node, "thread");
      if (thread) postThreads.push(thread);
    },
    finish() {
      for (const t of postThreads) plan.used.add(reference(t, plan.threadByIdent, ""));
      return plan;
    },
  };
}

export const isTrue = (node: XmlNode, name: string) => childText(node, name) === "true";

/** A `<thread>` → a thread, or null: deleted, without posts, or with no usable place (an error). */
export function disqusThread(node: XmlNode, plan: DisqusPlan, out: ParsedImport): ImportThread | null {
  const ref = threadRefOf(node);
  if (isTrue(node, "isDeleted") || !plan.used.has(ref)) return null;
  const link = childText(node, "link");
  const ident = childText(node, "id");
  const url = httpUrl(link);
  let key: string | null = null;
  if (!link && ident && ident.length <= LIMITS.pageIdMax) key = `id:${ident}`;
  else if (!url) {
    const reason = link ? `link ${link} is not an http(s) URL` : ident ? "identifier too long" : "no link";
    out.errors.push({ entry: `thread ${ref}`, reason });
    return null;
  }
  return {
    ref,
    key,
    url,
    title: title(childText(node, "title")),
    locked: isTrue(node, "isClosed"),
    createdAt: isoDate(childText(node, "createdAt")) ?? new Date(0).toISOString(),
    id: null,
  };
}

/** A `<post>` → a comment (its thread still to be checked), or null with the error in `out`. */
export function disqusPost(node: XmlNode, plan: DisqusPlan, out: ParsedImport): ImportComment | null {
  const ref = postRefOf(node);
  const createdAt = isoDate(childText(node, "createdAt"));
  if (!ref || !createdAt) {
    out.errors.push({
      entry: `post ${ref.replace(/^disqus:/, "") || "?"}`,
      reason: ref ? "bad date" : "no id",
    });
    out.skipped++;
    return null;
  }
  const text = htmlToMarkdown(child(node, "message")?.text ?? "");
  const spam = isTrue(node, "isSpam");
  // A post deleted on Disqus keeps its place in the tree but not its words.
  const deleted = isTrue(node, "isDeleted") || text === "";
  const author = child(node, "author");
  const links = postLinks(node, plan);
  const parentRef = links.parent && links.parent !== ref ? links.parent : null;
  return {
    ref,
    sourceId: ref,
    threadRef: links.thread,
    parentRef,
    parentInFile: parentRef !== null && plan.posts.has(parentRef),
    status: deleted ? "deleted" : spam ? "spam" : "approved",
    pinned: false,
    likes: 0,
    author: {
      ...(deleted || !author
        ? { name: "", email: null, website: null }
        : mendAuthor({
            name: childText(author, "name") || childText(author, "username"),
            email: childText(author, "email"),
            website: null,
          })),
      isModerator: false,
      verified: null,
    },
    text: deleted ? "" : text,
    createdAt,
    editedAt: null,
    reasons:
      deleted && !isTrue(node, "isDeleted")
        ? ["imported with no text"]
        : spam && !deleted
          ? ["imported from Disqus as spam"]
          : [],
    id: null,
  };
}

export function missingThread(post: ImportComment, out: ParsedImport): void {
  out.errors.push({ entry: `post ${post.ref.replace(/^disqus:/, "")}`, reason: "missing thread" });
  out.skipped++;
}
