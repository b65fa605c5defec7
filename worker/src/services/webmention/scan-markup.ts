// One linear pass over a source page with htmlparser2's tokenizer (any input, time in proportion
// to its length), before the microformats2 parser sees it: the page's `<a href>`s, how deep its
// elements nest and how many microformats2 classes it has. The parser walks the tree by recursion
// and compares properties pairwise, so a page nested thousands deep overflows its stack and one
// with tens of thousands of `p-name`s takes minutes; such pages are refused before it runs.
import { Tokenizer } from "htmlparser2";

export interface Markup {
  hrefs: string[];
  /** The deepest nesting of elements that need their end tag (so unclosed `<p>`s do not count). */
  depth: number;
  /** Class names with a microformats2 prefix (`h-`, `p-`, `u-`, `dt-`, `e-`). */
  classes: number;
}

/** Elements without an end tag, or whose end tag may be left out (HTML: optional tags). */
const NO_END = new Set(
  (
    "area base br col embed hr img input link meta param source track wbr p li dt dd rt rp " +
    "optgroup option colgroup caption thead tbody tfoot tr td th html head body"
  ).split(" "),
);
const MF2_CLASS = /(?:^|\s)(?:h|p|u|dt|e)-[a-z0-9]/g;

export function scanMarkup(html: string): Markup {
  const found: Markup = { hrefs: [], depth: 0, classes: 0 };
  let depth = 0;
  let [tag, attr, value] = ["", "", ""];
  const ignore = () => {};
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname: (s, e) => {
        tag = html.slice(s, e).toLowerCase();
      },
      onattribname: (s, e) => {
        attr = html.slice(s, e).toLowerCase();
        value = "";
      },
      onattribdata: (s, e) => {
        value += html.slice(s, e);
      },
      onattribentity: (cp) => {
        value += String.fromCodePoint(cp);
      },
      onattribend: () => {
        if (tag === "a" && attr === "href") found.hrefs.push(value);
        if (attr === "class") found.classes += value.toLowerCase().match(MF2_CLASS)?.length ?? 0;
      },
      onopentagend: () => {
        if (!NO_END.has(tag)) found.depth = Math.max(found.depth, ++depth);
      },
      onclosetag: (s, e) => {
        if (!NO_END.has(html.slice(s, e).toLowerCase())) depth = Math.max(0, depth - 1);
      },
      ...{ ontext: ignore, ontextentity: ignore, onselfclosingtag: ignore, oncdata: ignore },
      ...{ oncomment: ignore, ondeclaration: ignore, onprocessinginstruction: ignore, onend: ignore },
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return found;
}
