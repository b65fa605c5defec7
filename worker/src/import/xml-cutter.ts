// Cuts whole elements (WXR <item>s; Disqus <category>, <thread> and <post>) out of XML text that
// arrives in pieces, so an import holds one element at a time instead of the whole file. A piece
// may end anywhere — inside a tag name, a CDATA section or an entity — and the cut is the same.
// CDATA sections and XML comments are stepped over, so a `</item>` written inside a comment's
// text cannot end an element early. Elements are looked for at any depth outside another one.

export interface CutElement {
  name: string;
  /** The element from `<name` to its closing `>`; empty when it was over the size limit. */
  xml: string;
  /** Where it starts in the whole text (UTF-16 code units). */
  start: number;
  /** Its length in the whole text. */
  length: number;
  /** Set when the element was longer than the cutter's limit: its text was not kept. */
  tooLarge?: true;
}

/** Characters after a `<` needed to tell what it opens (`<![CDATA[`, `</thread `…). */
const LOOKAHEAD = 24;
/** A start tag longer than this is not taken for one (it would hold the carry forever). */
const MAX_TAG = 64 * 1024;

const endsName = (ch: string | undefined) =>
  ch === ">" || ch === "/" || ch === " " || ch === "\n" || ch === "\t" || ch === "\r";

export class XmlCutter {
  readonly #names: string[];
  readonly #maxChars: number;
  /** Text not scanned yet: a construct a piece boundary cut through. */
  #carry = "";
  /** Offset of `#carry` in the whole text. */
  #offset = 0;
  #mode: "text" | "cdata" | "comment" = "text";
  /** The element being read, if any, with where it starts and its text so far. */
  #open: string | null = null;
  #openStart = 0;
  #parts: string[] = [];
  #size = 0;
  #tooLarge = false;

  /** `maxChars`: an element longer than this is reported `tooLarge` with its text dropped. */
  constructor(names: string[], maxChars = Number.POSITIVE_INFINITY) {
    this.#names = names;
    this.#maxChars = maxChars;
  }

  /** Feeds the next piece of text; returns the elements it completed. */
  push(piece: string): CutElement[] {
    return this.#scan(piece, false);
  }

  /** The input is over: the last elements, and the name of one left open (a truncated file). */
  end(): { elements: CutElement[]; open: string | null } {
    const elements = this.#scan("", true);
    const open = this.#open;
    this.#open = null;
    this.#parts = [];
    return { elements, open };
  }

  #nameAt(s: string, at: number): string | null {
    for (const name of this.#names) if (s.startsWith(name, at) && endsName(s[at + name.length])) return name;
    return null;
  }

  #keep(text: string): void {
    this.#size += text.length;
    if (this.#size > this.#maxChars) {
      this.#tooLarge = true;
      this.#parts = [];
    } else if (!this.#tooLarge) this.#parts.push(text);
  }

  #scan(piece: string, atEnd: boolean): CutElement[] {
    const s = this.#carry + piece;
    const base = this.#offset;
    const out: CutElement[] = [];
    let i = 0;
    // Start of the open element's text not yet kept: the carry was not kept last time.
    let seg = 0;
    while (i < s.length) {
      if (this.#mode !== "text") {
        const close = this.#mode === "cdata" ? "]]>" : "-->";
        const j = s.indexOf(close, i);
        if (j < 0) {
          // Keep what could be the start of a cut terminator.
          i = atEnd ? s.length : Math.max(i, s.length - (close.length - 1));
          break;
        }
        i = j + close.length;
        this.#mode = "text";
        continue;
      }
      const lt = s.indexOf("<", i);
      if (lt < 0) {
        i = s.length;
        break;
      }
      if (!atEnd && s.length - lt < LOOKAHEAD) {
        i = lt;
        break;
      }
      if (s.startsWith("<![CDATA[", lt)) {
        this.#mode = "cdata";
        i = lt + 9;
        continue;
      }
      if (s.startsWith("<!--", lt)) {
        this.#mode = "comment";
        i = lt + 4;
        continue;
      }
      const open = this.#open;
      if (open === null) {
        const name = this.#nameAt(s, lt + 1);
        if (!name) {
          i = lt + 1;
          continue;
        }
        const gt = s.indexOf(">", lt);
        if (gt < 0) {
          if (!atEnd && s.length - lt < MAX_TAG) {
            i = lt;
            break;
          }
          i = lt + 1;
          continue;
        }
        if (s[gt - 1] === "/") {
          out.push({ name, xml: s.slice(lt, gt + 1), start: base + lt, length: gt + 1 - lt });
        } else {
          this.#open = name;
          this.#openStart = base + lt;
          this.#parts = [];
          this.#size = 0;
          this.#tooLarge = false;
          seg = lt;
        }
        i = gt + 1;
        continue;
      }
      if (s.startsWith(`</${open}`, lt) && endsName(s[lt + 2 + open.length])) {
        const gt = s.indexOf(">", lt);
        if (gt < 0) {
          if (atEnd) i = s.length;
          else i = lt;
          break;
        }
        this.#keep(s.slice(seg, gt + 1));
        const length = base + gt + 1 - this.#openStart;
        out.push(
          this.#tooLarge
            ? { name: open, xml: "", start: this.#openStart, length, tooLarge: true }
            : { name: open, xml: this.#parts.join(""), start: this.#openStart, length },
        );
        this.#open = null;
        this.#parts = [];
        i = gt + 1;
        continue;
      }
      i = lt + 1;
    }
    if (this.#open !== null && i > seg) this.#keep(s.slice(seg, i));
    this.#carry = s.slice(i);
    this.#offset = base + i;
    return out;
  }
}
