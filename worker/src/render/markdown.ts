// Render on write (security.md, Content): the comment's Markdown subset to HTML, once, when the
// comment is written. Stored with RENDERER_VERSION so rows can be re-rendered when rules change.
import MarkdownIt from "markdown-it";
import { FENCE_LANGUAGE, LINK_REL, sanitizeHtml } from "./sanitize.ts";
import { shownOf } from "./shown.ts";
import { isAllowedUrl } from "./url-allowlist.ts";

export const RENDERER_VERSION = 1;

// "zero" enables nothing; each rule of the subset is switched on by name. Not enabled: raw HTML,
// images (they leak readers' addresses to third parties), headings (they shout; they stay text),
// tables, rules, indented code.
const md = new MarkdownIt("zero", {
  html: false,
  breaks: true,
  linkify: true,
  typographer: false,
  // Deeply nested quotes and lists stop nesting here instead of costing stack and CPU; markdown-it
  // drops the block content past the cap, which only pathological input reaches.
  maxNesting: 20,
});
md.enable(["blockquote", "list", "fence", "reference"]);
md.enable([
  "newline",
  "escape",
  "backticks",
  "strikethrough",
  "emphasis",
  "link",
  "autolink",
  "entity",
  // One name, two rules: the inline one links `https://…` as it is typed, the core one bare emails.
  "linkify",
]);
md.validateLink = isAllowedUrl;

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet("rel", LINK_REL);
    token.attrSet("target", "_blank");
  }
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  const lang = token?.info.trim().split(/\s+/, 1)[0] ?? "";
  const cls = FENCE_LANGUAGE.test(lang) ? ` class="language-${lang}"` : "";
  return `<pre><code${cls}>${md.utils.escapeHtml(token?.content ?? "")}</code></pre>\n`;
};

export function renderMarkdown(text: string): string {
  return renderComment(text).html;
}

/** A comment as readers will see it: the stored HTML, and what the spam checks read of it. */
export interface Rendered {
  html: string;
  /** The text a reader sees (and the links' targets), normalised for matching (see shown.ts). */
  shownText: string;
  /** Links a reader can follow or copy: rendered links plus bare domains such as `www.x.example`. */
  linkCount: number;
}

/** Renders once and reads the checks' view off the same tokens, so both see the same thing. */
export function renderComment(text: string): Rendered {
  const tokens = md.parse(text, {});
  const html = sanitizeHtml(md.renderer.render(tokens, md.options, {})).trim();
  return { html, ...shownOf(tokens) };
}

/** How many links the rendered comment holds (the `links` moderation mode and the spam checks). */
export function countLinks(text: string): number {
  return renderComment(text).linkCount;
}
