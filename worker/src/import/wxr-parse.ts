// WordPress WXR, read as XML: an <item> of the RSS <channel> is a post, its <wp:comment>s its
// comments. Elements are matched by namespace, not by prefix: `wp:` is whatever prefix the file
// binds to http(s)://wordpress.org/export/1.x/ (1.0 to 1.2, and the https form of WordPress's
// own test data); RSS's <title> and <link> have no namespace.
//
// What WordPress stores escaped: comment authors, their websites and post titles are saved
// HTML-escaped (`Max &amp; Co`: kses and esc_html run on them before they reach the database)
// and exported as they are, inside CDATA, so they are HTML-decoded once here. E-mails and dates
// are plain; comment content is HTML, converted to Markdown by html-to-markdown.ts.
import { decodeHTML } from "entities";
import { child, children, childText } from "./xml-node.ts";
import { type ScanRules, type XmlNode, XmlScanner } from "./xml-scan.ts";

export interface WxrComment {
  id: string;
  parent: string;
  author: string;
  email: string;
  url: string;
  dateGmt: string;
  /** `wp:comment_date`, the blog's local time: only when the GMT date is missing. */
  date: string;
  content: string;
  /** `wp:comment_approved`; null when the element is missing. */
  approved: string | null;
  type: string;
}

export interface WxrPost {
  /** `wp:post_id`, "" when missing (Disqus's import format has none). */
  id: string;
  title: string;
  link: string;
  dateGmt: string;
  /** `wp:post_date`, the blog's local time. */
  date: string;
  commentStatus: string;
  comments: WxrComment[];
}

const WP_NS = /^https?:\/\/wordpress\.org\/export\/\d+(\.\d+)*\/$/;
const wp = (ns: string) => WP_NS.test(ns);
const rss = (ns: string) => ns === "";

export const WXR_RULES: Omit<ScanRules, "maxUnitChars"> = {
  root: "rss",
  label: "WordPress WXR",
  isUnit: (ancestors, tag) =>
    ancestors.length === 2 &&
    ancestors[1] === "channel" &&
    ((tag.uri === "" && (tag.local === "item" || tag.local === "link")) ||
      (tag.local === "base_blog_url" && wp(tag.uri))),
};

/** The blog a channel-level unit names (its `<link>`, or `wp:base_blog_url`), or null for an item. */
export function blogOf(unit: XmlNode): { url: string; base: boolean } | null {
  if (unit.name === "item") return null;
  return { url: unit.text.trim().replace(/\/+$/, ""), base: unit.name === "base_blog_url" };
}

const decoded = (s: string) => decodeHTML(s).trim();

/** One `<item>` → the post and its comments. */
export function parseWxrItem(item: XmlNode): WxrPost {
  const w = (node: XmlNode, name: string) => childText(node, name, wp);
  return {
    id: w(item, "post_id"),
    title: decoded(childText(item, "title", rss)),
    link: childText(item, "link", rss),
    dateGmt: w(item, "post_date_gmt"),
    date: w(item, "post_date"),
    commentStatus: w(item, "comment_status"),
    comments: children(item, "comment", wp).map((c) => ({
      id: w(c, "comment_id"),
      parent: w(c, "comment_parent"),
      author: decoded(w(c, "comment_author")),
      email: w(c, "comment_author_email"),
      url: decoded(w(c, "comment_author_url")),
      dateGmt: w(c, "comment_date_gmt"),
      date: w(c, "comment_date"),
      // Untrimmed: leading spaces and newlines can matter to the HTML.
      content: child(c, "comment_content", wp)?.text ?? "",
      approved: child(c, "comment_approved", wp) ? w(c, "comment_approved") : null,
      type: w(c, "comment_type"),
    })),
  };
}

/** A whole WXR text → its posts (the demo seed and tests; imports read pieces, see stream.ts). */
export function parseWxr(xml: string): WxrPost[] {
  const posts: WxrPost[] = [];
  const scanner = new XmlScanner({ ...WXR_RULES, maxUnitChars: Number.POSITIVE_INFINITY }, (unit) => {
    if (unit.node?.name === "item") posts.push(parseWxrItem(unit.node));
  });
  scanner.write(xml);
  scanner.end();
  return posts;
}
