// Converts the HTML of imported comments (WordPress, Disqus) and of Webmentions into our Markdown
// source, so it is rendered and sanitised by the same pipeline as every new comment. Tags outside
// the Markdown subset keep their text and lose their markup (a script or style loses its code as
// well); nothing of the HTML is ever passed through.
// The HTML is read by htmlparser2's tokenizer (one pass, entities decoded once, any input; its
// Parser is not used: it keeps open elements with Array.unshift, quadratic for deep nesting), and
// every regular expression below is linear: no quantifier can rescan what another consumed, so
// 400,000 spaces, a million `<` or unclosed tags take time in proportion to their length.
import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";
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
const BLOCKS = new Set(["p", "div", "ul", "ol"]);
/** Elements whose text a browser never shows: their code is dropped, not kept as words. */
const HIDDEN = new Set(["script", "style"]);
/** Deeper quotes are kept at this depth: the renderer nests no further, and the output stays linear. */
const MAX_QUOTE_DEPTH = 8;

/** Escapes what Markdown would read as markup in text that was plain in the source system. */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]~<]/g, "\\$&")
    .replace(/^([ \t]*)([>#+-])(?=\s)/gm, "$1\\$2")
    .replace(/^([ \t]*\d+)([.)])(?=\s)/gm, "$1\\$2");
}

const encodeHref = (href: string) =>
  href.replace(/[()\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

interface Block {
  depth: number;
  text: string;
}

class Converter {
  readonly blocks: Block[] = [];
  #depth = 0;
  #current = "";
  /** Text since the last tag, escaped as one run (a line start is only seen whole). */
  #text = "";
  readonly #links: (string | null)[] = [];
  /** Inside a script or style element: its text is code, not words. */
  #hidden = 0;

  text(text: string): void {
    if (this.#hidden === 0) this.#text += text;
  }

  #take(): void {
    if (this.#text) this.#current += escapeText(this.#text);
    this.#text = "";
  }

  flush(): void {
    this.#take();
    for (const para of this.#current.split(/\n[ \t]*\n/)) {
      const text = para
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n")
        .trim();
      if (text) this.blocks.push({ depth: Math.min(this.#depth, MAX_QUOTE_DEPTH), text });
    }
    this.#current = "";
  }

  tag(name: string, closing: boolean, href: string | undefined): void {
    this.#take();
    if (HIDDEN.has(name)) {
      this.#hidden = Math.max(0, this.#hidden + (closing ? -1 : 1));
      return;
    }
    if (name === "blockquote") {
      this.flush();
      this.#depth = Math.max(0, this.#depth + (closing ? -1 : 1));
    } else if (BLOCKS.has(name)) this.flush();
    else if (name === "li") {
      if (!closing) this.#current += "\n- ";
    } else if (name === "br") {
      if (!closing) this.#current += "\n";
    } else if (name === "a") this.#link(closing, href ?? "");
    else if (INLINE[name]) this.#current += INLINE[name];
  }

  #link(closing: boolean, href: string): void {
    if (closing) {
      const target = this.#links.pop();
      if (target) this.#current += `](${encodeHref(target)})`;
      return;
    }
    const allowed = isAllowedUrl(href) ? href : null;
    this.#links.push(allowed);
    if (allowed) this.#current += "[";
  }
}

/** Tokens → converter calls: tag names lower-cased, the first `href` of a start tag decoded. */
function callbacks(html: string, c: Converter): TokenizerCallbacks {
  let tag = "";
  let attr = "";
  let value = "";
  let href: string | undefined;
  const ignore = () => {};
  return {
    ontext: (start, end) => c.text(html.slice(start, end)),
    ontextentity: (codepoint) => c.text(String.fromCodePoint(codepoint)),
    onopentagname: (start, end) => {
      tag = html.slice(start, end).toLowerCase();
      href = undefined;
    },
    onattribname: (start, end) => {
      attr = html.slice(start, end).toLowerCase();
      value = "";
    },
    onattribdata: (start, end) => {
      value += html.slice(start, end);
    },
    onattribentity: (codepoint) => {
      value += String.fromCodePoint(codepoint);
    },
    onattribend: () => {
      if (attr === "href" && href === undefined) href = value;
    },
    onopentagend: () => c.tag(tag, false, href),
    // `<script/>` opens a script as in a browser: what follows up to `</script>` is its code.
    onselfclosingtag: () => c.tag(tag, false, href),
    onclosetag: (start, end) => c.tag(html.slice(start, end).toLowerCase(), true, undefined),
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onprocessinginstruction: ignore,
    onend: ignore,
  };
}

export function htmlToMarkdown(html: string): string {
  const c = new Converter();
  const source = html.replace(/\r\n?/g, "\n");
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks(source, c));
  tokenizer.write(source);
  tokenizer.end();
  c.flush();

  let out = "";
  c.blocks.forEach((block, i) => {
    const prefix = "> ".repeat(block.depth);
    if (i > 0) {
      const shared = Math.min(block.depth, c.blocks[i - 1]?.depth ?? 0);
      out += `\n${"> ".repeat(shared).trimEnd()}\n`;
    }
    out += block.text
      .split("\n")
      .map((line) => (prefix + line).trimEnd())
      .join("\n");
  });
  return out;
}
