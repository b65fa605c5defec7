// Second layer after markdown-it: whatever the renderer produced (or a future bug lets through),
// only these tags and attributes survive. Everything else is escaped as text.
import xss, { type IFilterXSSOptions } from "xss";
import { isAllowedUrl } from "./url-allowlist.ts";

const escapeAttr = (value: string): string =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const FENCE_LANGUAGE = /^[A-Za-z0-9_+#-]{1,20}$/;
export const LINK_REL = "nofollow ugc noopener noreferrer";

const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|quot|lt|gt|apos);/gi;
const NAMED: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(ENTITY, (_, e: string) => {
    if (e[0] !== "#") return NAMED[e.toLowerCase()] ?? "";
    const code =
      e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

// xss is CommonJS: its default export (a function) is the one import that works the same under
// Node, esbuild and Vite.
const OPTIONS: IFilterXSSOptions = {
  whiteList: {
    p: [],
    br: [],
    em: [],
    strong: [],
    s: [],
    code: ["class"],
    pre: [],
    blockquote: [],
    ul: [],
    ol: ["start"],
    li: [],
    a: ["href", "title", "rel", "target"],
  },
  stripIgnoreTag: false,
  stripIgnoreTagBody: false,
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value) {
    if (tag === "a" && name === "href") {
      const url = decodeEntities(value);
      return isAllowedUrl(url) ? `href="${escapeAttr(url)}"` : "";
    }
    if (tag === "a" && name === "rel") return `rel="${LINK_REL}"`;
    if (tag === "a" && name === "target") return 'target="_blank"';
    if (tag === "a" && name === "title") return `title="${escapeAttr(decodeEntities(value))}"`;
    if (tag === "code" && name === "class") {
      const lang = value.startsWith("language-") ? value.slice("language-".length) : "";
      return FENCE_LANGUAGE.test(lang) ? `class="language-${lang}"` : "";
    }
    if (tag === "ol" && name === "start") return /^\d{1,9}$/.test(value) ? `start="${value}"` : "";
    return undefined;
  },
};

export function sanitizeHtml(html: string): string {
  return xss(html, OPTIONS);
}
