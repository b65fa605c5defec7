// What a reader will see of a comment, for the checks that judge it (blocked words, link limits):
// read from the renderer's own tokens, so entities are already decoded (`c&#97;sino` is
// "casino"), emphasis splits nothing (`c**a**sino` is "casino"), and a link's target counts as
// much as its label. Then NFKC (full-width and compatibility forms fold to plain letters) and
// format characters dropped (zero-width spaces and joiners, soft hyphens, bidi controls).
import MarkdownIt from "markdown-it";

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

// Only its linkify-it is used: with fuzzy links on, it finds `www.x.example` and `x.example` that
// the renderer shows as text but a reader can still copy.
const fuzzy = new MarkdownIt("zero", { linkify: true });
fuzzy.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });

const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** The form every check compares in: what the reader sees, with invisible differences removed. */
export function normaliseShown(text: string): string {
  return text.normalize("NFKC").replace(FORMAT_CHARACTERS, "").toLowerCase();
}

interface Walk {
  text: string[];
  /** Text outside links and code, where bare domains are looked for. */
  plain: string[];
  links: number;
  inLink: number;
}

function walk(tokens: Token[], out: Walk): void {
  for (const token of tokens) {
    if (token.children) walk(token.children, out);
    else if (token.type === "text") {
      out.text.push(token.content);
      out.plain.push(out.inLink > 0 ? " " : token.content);
    } else if (token.type === "code_inline" || token.type === "fence" || token.type === "code_block") {
      out.text.push(token.content);
      out.plain.push(" ");
    } else if (token.type === "link_open") {
      out.links++;
      out.inLink++;
      out.text.push(` ${token.attrGet("href") ?? ""} `);
    } else if (token.type === "link_close") out.inLink--;
    else if (token.type === "softbreak" || token.type === "hardbreak" || token.block) {
      out.text.push("\n");
      out.plain.push("\n");
    }
  }
}

/** The checks' view of parsed tokens: shown text (with link targets) and the number of links. */
export function shownOf(tokens: Token[]): { shownText: string; linkCount: number } {
  const out: Walk = { text: [], plain: [], links: 0, inLink: 0 };
  walk(tokens, out);
  // Bare domains in plain text (not in code, not inside a link's label, which is counted already).
  const bare = fuzzy.linkify.match(normaliseShown(out.plain.join(""))) ?? [];
  return { shownText: normaliseShown(out.text.join("")), linkCount: out.links + bare.length };
}
