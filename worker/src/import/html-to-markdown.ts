// Converts the HTML of imported comments (WordPress, later Disqus) into our Markdown source, so it
// is rendered and sanitised by the same pipeline as every new comment. Tags outside the Markdown
// subset keep their text and lose their markup; nothing of the HTML is ever passed through.
import { isAllowedUrl } from "../render/url-allowlist.ts";

const INLINE: Record<string, string> = {
  strong: "**",
  b: "**",
  em: "*",
  i: "*",
  del: "~~",
  s: "~~",
  strike: "~~",
  code: "`",
};
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  hellip: "…",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] !== "#") return NAMED[e.toLowerCase()] ?? all;
    const code =
      e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

/** Escapes what Markdown would read as markup in text that was plain in the source system. */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]~<]/g, "\\$&")
    .replace(/^(\s*)([>#+-])(?=\s)/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])(?=\s)/gm, "$1\\$2");
}

interface Block {
  depth: number;
  text: string;
}

export function htmlToMarkdown(html: string): string {
  const blocks: Block[] = [];
  let depth = 0;
  let current = "";
  const links: (string | null)[] = [];
  const flush = () => {
    for (const para of current.split(/\n[ \t]*\n/)) {
      const text = para.replace(/[ \t]+\n/g, "\n").trim();
      if (text) blocks.push({ depth, text });
    }
    current = "";
  };

  for (const token of html.replace(/\r\n?/g, "\n").split(/(<[^>]*>)/)) {
    const tag = token.match(/^<\s*(\/?)\s*([a-zA-Z0-9]+)([^>]*)>$/);
    if (!tag) {
      current += escapeText(decodeEntities(token));
      continue;
    }
    const [, closing, rawName = "", attrs = ""] = tag;
    const name = rawName.toLowerCase();
    if (name === "blockquote") {
      flush();
      depth = Math.max(0, depth + (closing ? -1 : 1));
    } else if (name === "p" || name === "div" || name === "ul" || name === "ol") {
      flush();
    } else if (name === "li") {
      if (!closing) current += "\n- ";
    } else if (name === "br") {
      current += "\n";
    } else if (name === "a") {
      if (closing) {
        const href = links.pop();
        if (href)
          current += `](${href.replace(/[()\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;
      } else {
        const href = decodeEntities(
          attrs
            .match(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/i)
            ?.slice(1)
            .find(Boolean) ?? "",
        );
        const allowed = isAllowedUrl(href) ? href : null;
        links.push(allowed);
        if (allowed) current += "[";
      }
    } else if (INLINE[name]) {
      current += INLINE[name];
    }
  }
  flush();

  let out = "";
  blocks.forEach((block, i) => {
    const prefix = "> ".repeat(block.depth);
    if (i > 0) {
      const shared = Math.min(block.depth, blocks[i - 1]?.depth ?? 0);
      out += `\n${"> ".repeat(shared).trimEnd()}\n`;
    }
    out += block.text
      .split("\n")
      .map((line) => (prefix + line).trimEnd())
      .join("\n");
  });
  return out;
}
