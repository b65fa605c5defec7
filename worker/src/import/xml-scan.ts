// The one XML reader of the importers: saxes, a maintained strict and namespace-aware streaming
// parser, fed piece by piece. It never resolves an external entity nor reads a file: entities a
// DTD declares are kept as written (`&name;`) with a warning, and undeclared ones are an error.
// Whole elements of interest (a WXR <item>, a Disqus <thread> or <post>) come out as small trees;
// the file itself is never held as a tree. The first error stops the scan with a 400
// `invalid_import` that says where (line, column, byte) and what was expected.
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ApiError } from "../lib/api-error.ts";
import { utf8Length } from "../lib/utf8.ts";
import { explainXmlError } from "./xml-errors.ts";

export interface XmlNode {
  /** Local name (without prefix). */
  name: string;
  /** Namespace URI ("" for none). */
  ns: string;
  attrs: { local: string; ns: string; value: string }[];
  children: XmlNode[];
  /** Text and CDATA directly inside, in order. */
  text: string;
}

export interface XmlUnit {
  name: string;
  /** The element, or null when it was over `maxUnitChars` (its text was not kept). */
  node: XmlNode | null;
  /** Line of its start tag. */
  line: number;
  /** Character positions in the whole text: just after its start tag's `>`, and after its end. */
  openEnd: number;
  end: number;
}

export interface ScanRules {
  /** Local name of the root element. */
  root: string;
  /** "WordPress WXR", "Disqus": for the wrong-format answer. */
  label: string;
  /** Whether an element, inside these ancestors (local names from the root), is one unit. */
  isUnit(ancestors: string[], tag: SaxesTagNS): boolean;
  maxUnitChars: number;
}

export type ScanWarning = { entry: string; reason: string };

const LEADING = /^[\uFEFF \t\r\n]*/;
const UTF8 = /^(utf-?8|us-ascii|ascii)$/i;
// Linear: a name after `<!ENTITY`, parameter entities (`%`) left out since they never reach text.
const ENTITY_DECL = /<!ENTITY\s+([^\s%>]+)/g;

export class XmlScanner {
  readonly warnings: ScanWarning[] = [];
  readonly #rules: ScanRules;
  readonly #onUnit: (unit: XmlUnit) => void;
  readonly #parser = new SaxesParser({ xmlns: true, position: true });
  /** Ancestors of the next element: local and qualified name, start line. */
  readonly #stack: { local: string; name: string; line: number }[] = [];
  /** The unit being read: its open elements, innermost last. */
  #nodes: XmlNode[] = [];
  #unit: {
    name: string;
    line: number;
    openEnd: number;
    /** Its depth: the stack's length while inside it. */
    depth: number;
    chars: number;
    tooLarge: boolean;
  } | null = null;
  #started = false;
  /** A root element of another format: said at the end, once the file is known to be XML at all. */
  #wrongRoot: string | null = null;
  /** What the leading whitespace took: characters, bytes, newlines, characters after the last one. */
  #skipped = { chars: 0, bytes: 0, lines: 0, column: 0 };
  #piece = "";
  #pieceChar = 0;
  #pieceByte = 0;

  constructor(rules: ScanRules, onUnit: (unit: XmlUnit) => void) {
    this.#rules = rules;
    this.#onUnit = onUnit;
    const p = this.#parser;
    p.on("error", (err) => this.#fail(err.message.replace(/^\d+:\d+: /, "")));
    p.on("xmldecl", (decl) => {
      if (decl.encoding && !UTF8.test(decl.encoding))
        this.#fail(
          `it declares the encoding ${decl.encoding}: Confab reads UTF-8 (convert it first)`,
          "The file is not UTF-8",
        );
    });
    p.on("doctype", (doctype) => {
      const names = [...doctype.matchAll(ENTITY_DECL)].map((m) => m[1] ?? "");
      for (const name of names) p.ENTITIES[name] = `&${name};`;
      if (names.length)
        this.warnings.push({
          entry: "the DOCTYPE",
          reason: `declares entities (${names.join(", ")}); they are never expanded: each reference is kept as written`,
        });
    });
    p.on("opentag", (tag) => this.#open(tag));
    p.on("text", (text) => this.#text(text));
    p.on("cdata", (text) => this.#text(text));
    p.on("closetag", () => this.#close());
  }

  /** The next piece of the text. */
  write(piece: string): void {
    let text = piece;
    if (!this.#started) {
      // Leading whitespace (and a byte order mark) before `<?xml` is tolerated: files pasted
      // from code or templates often start with a newline.
      const lead = LEADING.exec(text)?.[0] ?? "";
      this.#skip(lead);
      text = text.slice(lead.length);
      if (!text) return;
      this.#started = true;
    }
    this.#pieceChar += this.#piece.length;
    this.#pieceByte += utf8Length(this.#piece);
    this.#piece = text;
    this.#parser.write(text);
  }

  /** The text is over: the last checks (an element left open, no root at all, another format). */
  end(): void {
    this.#parser.close();
    if (this.#wrongRoot) {
      throw new ApiError(
        "validation_failed",
        `Not a ${this.#rules.label} file: its root element is <${this.#wrongRoot}>, expected <${this.#rules.root}>.`,
        { fields: { format: "invalid" } },
      );
    }
  }

  #skip(lead: string): void {
    const s = this.#skipped;
    s.chars += lead.length;
    s.bytes += utf8Length(lead);
    const nl = lead.lastIndexOf("\n");
    if (nl >= 0) {
      s.lines += lead.split("\n").length - 1;
      s.column = lead.length - nl - 1;
    } else s.column += lead.length;
  }

  #fail(reason: string, heading = "The file is not well-formed XML"): never {
    const p = this.#parser;
    const s = this.#skipped;
    const rel = p.position - this.#pieceChar;
    const byte = s.bytes + this.#pieceByte + utf8Length(this.#piece.slice(0, rel));
    const line = p.line + s.lines;
    const column = p.line === 1 ? p.column + s.column : p.column;
    const why = explainXmlError(reason, {
      open: this.#stack.at(-1) ?? null,
      root: this.#rules.root,
      before: this.#piece.slice(Math.max(0, rel - 200), rel),
    });
    throw new ApiError(
      "invalid_import",
      `${heading}: line ${line}, column ${column} (byte ${byte}): ${why}${why.endsWith("?") ? "" : "."} Nothing was imported.`,
    );
  }

  #open(tag: SaxesTagNS): void {
    const line = this.#parser.line + this.#skipped.lines;
    if (this.#stack.length === 0 && tag.local !== this.#rules.root) this.#wrongRoot = tag.name;
    const ancestors = this.#stack.map((e) => e.local);
    this.#stack.push({ local: tag.local, name: tag.name, line });
    const unit = this.#unit;
    if (unit) {
      if (unit.tooLarge) return;
      const node = toNode(tag);
      this.#nodes.at(-1)?.children.push(node);
      this.#nodes.push(node);
      return;
    }
    if (this.#wrongRoot || !this.#rules.isUnit(ancestors, tag)) return;
    const openEnd = this.#parser.position + this.#skipped.chars;
    this.#unit = { name: tag.local, line, openEnd, depth: this.#stack.length, chars: 0, tooLarge: false };
    this.#nodes = [toNode(tag)];
  }

  #text(text: string): void {
    const unit = this.#unit;
    if (!unit || unit.tooLarge) return;
    unit.chars += text.length;
    if (unit.chars > this.#rules.maxUnitChars) {
      unit.tooLarge = true;
      this.#nodes = [];
      return;
    }
    const node = this.#nodes.at(-1);
    if (node) node.text += text;
  }

  #close(): void {
    this.#stack.pop();
    const unit = this.#unit;
    if (!unit) return;
    const node = unit.tooLarge ? undefined : this.#nodes.pop();
    if (this.#stack.length >= unit.depth) return;
    this.#unit = null;
    this.#nodes = [];
    this.#onUnit({
      name: unit.name,
      node: node ?? null,
      line: unit.line,
      openEnd: unit.openEnd,
      end: this.#parser.position + this.#skipped.chars,
    });
  }
}

function toNode(tag: SaxesTagNS): XmlNode {
  return {
    name: tag.local,
    ns: tag.uri,
    attrs: Object.values(tag.attributes).map((a) => ({ local: a.local, ns: a.uri, value: a.value })),
    children: [],
    text: "",
  };
}
