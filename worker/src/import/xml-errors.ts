// saxes's error messages, said for the person whose export broke: what was found and what was
// expected there. Anything not listed is passed on as saxes words it.

interface ErrorContext {
  /** The innermost element open at the error, with the line of its start tag. */
  open: { name: string; line: number } | null;
  /** The root element the format expects. */
  root: string;
  /** Up to 200 characters read just before the error. */
  before: string;
}

const SAID: [RegExp, (m: RegExpMatchArray, c: ErrorContext) => string][] = [
  [
    /^unclosed tag: (.+)$/,
    (m, c) =>
      `the file ends inside <${m[1]}>${c.open ? ` (opened at line ${c.open.line})` : ""}: expected </${m[1]}> — is the file cut short?`,
  ],
  [
    /^unexpected close tag\.$/,
    (_, c) => {
      const found = c.before.match(/<\/([^\s<>]*)\s*>?$/)?.[1];
      const wanted = c.open
        ? `</${c.open.name}> (for the <${c.open.name}> of line ${c.open.line})`
        : "no end tag";
      return `found ${found ? `</${found}>` : "an end tag"} where ${wanted} was expected`;
    },
  ],
  [/^unexpected end\.$/, () => "the file ends inside a tag, a comment or a CDATA section — is it cut short?"],
  [
    /^document must contain a root element\.$/,
    (_, c) => `the file has no root element: expected <${c.root}> (is the file empty?)`,
  ],
  [
    /^text data outside of root node\.$/,
    (_, c) =>
      `text outside the root element: expected only <?xml …?>, comments and the root element <${c.root}>`,
  ],
  [
    /^unbound namespace prefix: "(.+)"\.$/,
    (m) => `the prefix ${m[1]}: is not declared: expected an xmlns:${m[1]}="…" attribute on the root element`,
  ],
  [
    /^undefined entity\.$/,
    () =>
      "an undefined entity: XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references (is an & not written as &amp;?)",
  ],
  [
    /^malformed character entity\.$/,
    () => "a character reference to no character XML allows (&#0;, past &#x10FFFF;, or &#X with a capital X)",
  ],
  [/^disallowed character\.$/, () => "a character XML does not allow (a control character or a broken byte)"],
  [
    /^the string "\]\]>" is disallowed in char data\.$/,
    () => "]]> outside a CDATA section (a CDATA section closed too early?)",
  ],
  [/^unquoted attribute value\.$/, () => 'an attribute value without quotes: expected name="value"'],
];

export function explainXmlError(reason: string, context: ErrorContext): string {
  for (const [pattern, say] of SAID) {
    const m = reason.match(pattern);
    if (m) return say(m, context);
  }
  return reason.replace(/\.$/, "");
}
