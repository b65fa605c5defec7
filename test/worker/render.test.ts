// The render-on-write pipeline (security.md, Content): what the Markdown subset makes, what it must
// never make, and the xss second layer on its own. Hostile cases assert both what is absent (no tag,
// handler or script URL) and what is present (the input shown as text, or the exact safe HTML).
import { describe, expect, it } from "vitest";
import { countLinks, RENDERER_VERSION, renderMarkdown } from "../../worker/src/render/markdown.ts";
import { sanitizeHtml } from "../../worker/src/render/sanitize.ts";
import { isAllowedUrl } from "../../worker/src/render/url-allowlist.ts";

const ATTRS = 'rel="nofollow ugc noopener noreferrer" target="_blank"';
const ALLOWED_TAGS = ["p", "br", "em", "strong", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a"];

/** Fails unless the HTML holds only allowlisted tags, no handlers and no non-allowlisted URLs. */
function expectInert(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    expect(ALLOWED_TAGS).toContain(m[1]?.toLowerCase());
  }
  // Quoted attribute values are escaped text; a handler would have to sit outside them.
  const outsideQuotes = html.replace(/"[^"]*"/g, '""');
  expect(outsideQuotes).not.toMatch(/<[^>]*\s[a-z-]+\s*=\s*[^"\s>]/i);
  expect(outsideQuotes).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^(https?:\/\/|mailto:)/i);
  expect(html).not.toMatch(/<(script|img|svg|details|iframe|style)/i);
}

/** Depth of the deepest open element, counting every allowlisted container. */
function maxDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)(blockquote|ul|ol|li|p)>/g)) {
    depth += m[1] === "/" ? -1 : 1;
    max = Math.max(max, depth);
  }
  return max;
}

describe("the Markdown subset", () => {
  it("carries a renderer version so stored rows can be re-rendered", () => {
    expect(RENDERER_VERSION).toBe(1);
  });

  it("renders strong and emphasis with both markers", () => {
    expect(renderMarkdown("**b** __b__ *i* _i_")).toBe(
      "<p><strong>b</strong> <strong>b</strong> <em>i</em> <em>i</em></p>",
    );
  });

  it("renders strikethrough as <s>, and a single tilde as text", () => {
    expect(renderMarkdown("~~gone~~ ~kept~")).toBe("<p><s>gone</s> ~kept~</p>");
  });

  it("renders inline code with its content escaped", () => {
    expect(renderMarkdown("`<img src=x onerror=alert(1)>`")).toBe(
      "<p><code>&lt;img src=x onerror=alert(1)&gt;</code></p>",
    );
  });

  it("renders a fenced block with a language class", () => {
    expect(renderMarkdown("```ts\nconst a = 1 < 2;\n```")).toBe(
      '<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>',
    );
  });

  it("accepts the language names the regex allows, up to 20 characters", () => {
    for (const lang of ["c++", "c#", "objective-c", "x_86", "a".repeat(20)]) {
      expect(renderMarkdown(`\`\`\`${lang}\nx\n\`\`\``)).toBe(
        `<pre><code class="language-${lang}">x\n</code></pre>`,
      );
    }
  });

  it("renders a fenced block without a language without a class", () => {
    expect(renderMarkdown("```\nplain\n```")).toBe("<pre><code>plain\n</code></pre>");
  });

  it("renders bullet lists", () => {
    expect(renderMarkdown("- a\n- b")).toBe("<ul>\n<li>a</li>\n<li>b</li>\n</ul>");
  });

  it("renders ordered lists and keeps their start number", () => {
    expect(renderMarkdown("1. a\n2. b")).toBe("<ol>\n<li>a</li>\n<li>b</li>\n</ol>");
    expect(renderMarkdown("7. g\n8. h")).toBe('<ol start="7">\n<li>g</li>\n<li>h</li>\n</ol>');
  });

  it("renders nested lists", () => {
    expect(renderMarkdown("- a\n  - b")).toBe("<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>");
  });

  it("renders blockquotes, nested ones too", () => {
    expect(renderMarkdown("> said\n>> before")).toBe(
      "<blockquote>\n<p>said</p>\n<blockquote>\n<p>before</p>\n</blockquote>\n</blockquote>",
    );
  });

  it("turns a single newline into <br> and a blank line into a new paragraph", () => {
    expect(renderMarkdown("one\ntwo\n\nthree")).toBe("<p>one<br>\ntwo</p>\n<p>three</p>");
  });

  it("gives an inline link rel and target", () => {
    expect(renderMarkdown("[site](https://example.com/a?b=1&c=2)")).toBe(
      `<p><a href="https://example.com/a?b=1&amp;c=2" ${ATTRS}>site</a></p>`,
    );
  });

  it("allows mailto links", () => {
    expect(renderMarkdown("[mail me](mailto:ann@example.com)")).toBe(
      `<p><a href="mailto:ann@example.com" ${ATTRS}>mail me</a></p>`,
    );
  });

  it("renders autolinks", () => {
    expect(renderMarkdown("<https://example.com/x>")).toBe(
      `<p><a href="https://example.com/x" ${ATTRS}>https://example.com/x</a></p>`,
    );
  });

  it("links bare URLs and bare email addresses", () => {
    expect(renderMarkdown("see http://example.com/a, or ann@example.com")).toBe(
      `<p>see <a href="http://example.com/a" ${ATTRS}>http://example.com/a</a>, or ` +
        `<a href="mailto:ann@example.com" ${ATTRS}>ann@example.com</a></p>`,
    );
  });

  it("leaves scheme-less host names as text (no fuzzy links)", () => {
    expect(renderMarkdown("www.example.com and example.com")).toBe("<p>www.example.com and example.com</p>");
  });

  it("resolves reference-style links, and gives them rel and target", () => {
    expect(
      renderMarkdown('[ref][1] and [Ref]\n\n[1]: https://example.com/r\n[ref]: https://e.example "T"'),
    ).toBe(
      `<p><a href="https://example.com/r" ${ATTRS}>ref</a> and <a href="https://e.example" title="T" ${ATTRS}>Ref</a></p>`,
    );
  });

  it("renders emphasis inside link text", () => {
    expect(renderMarkdown("[**bold** link](https://x.example)")).toBe(
      `<p><a href="https://x.example" ${ATTRS}><strong>bold</strong> link</a></p>`,
    );
  });

  it("keeps headings as plain paragraph text", () => {
    expect(renderMarkdown("# One\n\n###### Six")).toBe("<p># One</p>\n<p>###### Six</p>");
    expect(renderMarkdown("Title\n===\n\nSub\n---")).toBe("<p>Title<br>\n===</p>\n<p>Sub<br>\n---</p>");
  });

  it("makes no tables, rules or indented code blocks", () => {
    expect(renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |")).toBe(
      "<p>| a | b |<br>\n|---|---|<br>\n| 1 | 2 |</p>",
    );
    expect(renderMarkdown("***\n\n___")).toBe("<p>***</p>\n<p>___</p>");
    expect(renderMarkdown("    code?")).toBe("<p>code?</p>");
  });

  it("keeps typography as typed", () => {
    expect(renderMarkdown('"quotes" -- (c) ...')).toBe("<p>&quot;quotes&quot; -- (c) ...</p>");
  });

  it("keeps 4-byte UTF-8 intact in text, code, links and fences", () => {
    const s = "😀 𝒳 👩‍👩‍👧 🇩🇪 漢字";
    expect(renderMarkdown(s)).toBe(`<p>${s}</p>`);
    expect(renderMarkdown(`\`${s}\` [${s}](https://x.example)`)).toBe(
      `<p><code>${s}</code> <a href="https://x.example" ${ATTRS}>${s}</a></p>`,
    );
    expect(renderMarkdown(`\`\`\`\n${s}\n\`\`\``)).toBe(`<pre><code>${s}\n</code></pre>`);
  });

  it("renders a 10,000-character comment in full, ending on a 4-byte character", () => {
    const source = `${"x".repeat(9_998)}😀`;
    expect(source.length).toBe(10_000);
    expect(renderMarkdown(source)).toBe(`<p>${source}</p>`);
  });
});

describe("links whose URL is not allowlisted", () => {
  const urls = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&#x3A;alert(1)",
    "&#0000106&#0000097vascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript%3Aalert(1)",
    "%6Aavascript:alert(1)",
    "java%09script:alert(1)",
    "java\u0000script:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#10;script:alert(1)",
    "\u0001javascript:alert(1)",
    "\u00a0javascript:alert(1)",
    "javascript\u200b:alert(1)",
    "vbscript:msgbox(1)",
    "VbScRiPt:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.com/x",
    "/relative",
    "//evil.example/x",
    "#top",
    "?q=1",
    "http:evil.example",
    "https:/evil.example",
  ];
  it.each(urls)("makes no link of %j in any link form", (url) => {
    for (const source of [`[x](${url})`, `[x](<${url}>)`, `<${url}>`, `[x][r]\n\n[r]: ${url}`]) {
      const html = renderMarkdown(source);
      expect(html, source).not.toContain("<a");
      expect(html, source).toMatch(/^<p>/);
      expectInert(html);
    }
  });

  it("shows a rejected link as the text that was typed", () => {
    expect(renderMarkdown("[click](javascript:alert(1))")).toBe("<p>[click](javascript:alert(1))</p>");
  });

  it("shows an autolink to javascript: as escaped text", () => {
    expect(renderMarkdown("<javascript:alert(1)>")).toBe("<p>&lt;javascript:alert(1)&gt;</p>");
  });

  it("does not linkify a bare javascript: or data: URL", () => {
    expect(renderMarkdown("javascript:alert(1) data:text/html,x")).toBe(
      "<p>javascript:alert(1) data:text/html,x</p>",
    );
  });
});

describe("HTML typed as text", () => {
  const typed: [string, string][] = [
    ["<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"],
    ["<svg onload=alert(1)>", "<p>&lt;svg onload=alert(1)&gt;</p>"],
    ["<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"],
    ["<details open ontoggle=alert(1)>", "<p>&lt;details open ontoggle=alert(1)&gt;</p>"],
    [
      '<a href="javascript:alert(1)">x</a>',
      "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>",
    ],
    [
      "<div>\n<script>alert(1)</script>\n</div>",
      "<p>&lt;div&gt;<br>\n&lt;script&gt;alert(1)&lt;/script&gt;<br>\n&lt;/div&gt;</p>",
    ],
    ["<!-- hidden --><b>x</b>", "<p>&lt;!-- hidden --&gt;&lt;b&gt;x&lt;/b&gt;</p>"],
  ];
  it.each(typed)("shows %j escaped", (source, html) => {
    const out = renderMarkdown(source);
    expect(out).toBe(html);
    expectInert(out);
  });

  it("decodes a typed entity once, so &lt;script&gt; stays text", () => {
    expect(renderMarkdown("&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;")).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;</p>",
    );
  });

  it("keeps a closing fence inside code from ending the code element", () => {
    const html = renderMarkdown("```\n</code></pre><script>alert(1)</script>\n```");
    expect(html).toBe(
      "<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>",
    );
    expectInert(html);
  });
});

describe("attribute smuggling", () => {
  it("keeps quotes in a link title inside the title attribute", () => {
    const html = renderMarkdown('[a](http://x.example "a\\" onmouseover=\\"alert(1)")');
    expect(html).toBe(
      `<p><a href="http://x.example" title="a&quot; onmouseover=&quot;alert(1)" ${ATTRS}>a</a></p>`,
    );
    expectInert(html);
  });

  it("escapes angle brackets and single quotes in titles, whichever quote delimits them", () => {
    const html = renderMarkdown("[a](https://x.example 'it''s <b>') [b](https://x.example (\"q\"))");
    expectInert(html);
    expect(html).toContain("&lt;b&gt;");
    expect(html).toContain('title="&quot;q&quot;"');
  });

  it("percent-encodes quotes and brackets typed in a URL", () => {
    const html = renderMarkdown('[a](<https://x.example/"onmouseover=alert(1)//>) <https://x.example/a"b>');
    expect(html).toBe(
      `<p><a href="https://x.example/%22onmouseover=alert(1)//" ${ATTRS}>a</a> ` +
        `<a href="https://x.example/a%22b" ${ATTRS}>https://x.example/a&quot;b</a></p>`,
    );
    expectInert(html);
  });

  it("ends a bare URL at a quote, and shows the rest as text", () => {
    const html = renderMarkdown('https://x.example/"><script>alert(1)</script>');
    expect(html).toBe(
      `<p><a href="https://x.example/" ${ATTRS}>https://x.example/</a>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>`,
    );
  });

  it("turns image syntax into a plain link, never an <img>", () => {
    const html = renderMarkdown('![x](http://evil.example/x.png "onerror")');
    expect(html).toBe(`<p>!<a href="http://evil.example/x.png" title="onerror" ${ATTRS}>x</a></p>`);
    expectInert(html);
  });

  it("makes nothing of image syntax with a smuggled attribute or script URL", () => {
    for (const source of [
      '![x](https://evil.example/a.png "x\\" onerror=\\"alert(1)")',
      "![x](javascript:alert(1))",
      "![x][i]\n\n[i]: data:image/svg+xml,<svg onload=alert(1)>",
    ]) {
      const html = renderMarkdown(source);
      expect(html).not.toContain("<img");
      expect(html).not.toContain("<svg");
      expectInert(html);
    }
  });

  it.each(['js" onload="x', "<script>", "js'x", "x;y", "a".repeat(21), "{.class}", "c\\+\\+"])(
    "gives a fence with info string %j no class at all",
    (info) => {
      const html = renderMarkdown(`\`\`\`${info}\ncode\n\`\`\``);
      expect(html).toBe("<pre><code>code\n</code></pre>");
    },
  );

  it("takes only the first word of a fence info string as the language", () => {
    expect(renderMarkdown('```js title="a.js" onload=x\ncode\n```')).toBe(
      '<pre><code class="language-js">code\n</code></pre>',
    );
  });
});

describe("nesting and size", () => {
  it.each([
    [">", "quotes"],
    ["- ", "bullet lists"],
    ["1. ", "ordered lists"],
    ["> - ", "quotes in lists"],
  ])("renders 5,000 levels of %j (%s) quickly, with bounded depth", (unit) => {
    const source = `${unit.repeat(5_000)}deep\n\nafter`;
    const started = performance.now();
    const html = renderMarkdown(source);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(maxDepth(html)).toBeGreaterThan(5);
    expect(maxDepth(html)).toBeLessThanOrEqual(21);
    expect(html.length).toBeLessThan(2_000);
    expect(html.endsWith("<p>after</p>") || html.endsWith("</ul>") || html.endsWith("</ol>")).toBe(true);
    expectInert(html);
  });

  // Backtick runs of every length are markdown-it's classic quadratic case; none of them pair up.
  const backtickRuns = Array.from({ length: 139 }, (_, i) => "`".repeat(i + 1)).join(" ");
  it.each([
    ["brackets", "[".repeat(10_000)],
    ["emphasis markers", "*".repeat(10_000)],
    ["unclosed strong", "**a ".repeat(2_500)],
    ["backtick runs", `x ${backtickRuns}`],
  ])("renders 10,000 characters of %s as text, quickly and untruncated", (_, source) => {
    expect(source.length).toBeGreaterThan(9_700);
    const started = performance.now();
    const html = renderMarkdown(source);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(html.startsWith("<p>")).toBe(true);
    expect(html.replace(/<[^>]+>/g, "").length).toBeGreaterThanOrEqual(source.trim().length);
    expectInert(html);
  });
});

describe("countLinks", () => {
  it("counts each kind of link the renderer makes", () => {
    const source =
      "[a](https://a.example) <https://b.example> https://c.example d@e.example [r]\n\n[r]: http://r.example";
    expect(countLinks(source)).toBe(5);
    expect(renderMarkdown(source).match(/<a /g)).toHaveLength(5);
  });

  it("does not count links the renderer refuses or that sit in code", () => {
    expect(countLinks("[x](javascript:alert(1)) [y](/rel) `https://code.example` `www.example.com`")).toBe(0);
    expect(countLinks("```\nhttps://fenced.example\n```")).toBe(0);
  });

  it("counts bare domains a reader can copy, once each, but not labels of links already counted", () => {
    expect(countLinks("www.example.com and example.org")).toBe(2);
    expect(countLinks("buy at cheap.ru now")).toBe(1);
    expect(countLinks("[example.com](https://example.com) a@b.example")).toBe(2);
    expect(countLinks("v1.2.3, file.txt, e.g. 3.14")).toBe(0);
  });

  it("counts links inside quotes and lists", () => {
    expect(countLinks("> https://a.example\n\n- [b](https://b.example)\n- <mailto:c@d.example>")).toBe(3);
  });
});

describe("the second layer on its own", () => {
  it("escapes tags outside the allowlist and drops attributes outside it", () => {
    const html = sanitizeHtml(
      '<p onclick="alert(1)" class="x">a</p><img src=x onerror=alert(1)><h1>t</h1><strong style="x">s</strong>',
    );
    expect(html).toBe("<p>a</p>&lt;img src=x onerror=alert(1)&gt;&lt;h1&gt;t&lt;/h1&gt;<strong>s</strong>");
  });

  it("re-checks every href against the allowlist, entities decoded", () => {
    for (const href of [
      "javascript:alert(1)",
      "&#106;avascript:alert(1)",
      "java&#x0A;script:x",
      "/rel",
      "data:x",
    ]) {
      expect(sanitizeHtml(`<a href="${href}">x</a>`), href).toBe("<a>x</a>");
    }
    expect(sanitizeHtml('<a href="https://ok.example/?a=1&amp;b=2">x</a>')).toBe(
      '<a href="https://ok.example/?a=1&amp;b=2">x</a>',
    );
  });

  it("forces rel and target and re-escapes titles", () => {
    expect(sanitizeHtml('<a href="https://x.example" rel="opener" target="top" title=\'a"><b>\'>x</a>')).toBe(
      `<a href="https://x.example" rel="nofollow ugc noopener noreferrer" target="_blank" title="a&quot;&gt;&lt;b&gt;">x</a>`,
    );
  });

  it("keeps a code class only for a valid language, and ol start only as digits", () => {
    expect(sanitizeHtml('<code class="language-rust">a</code><code class="language-js x">b</code>')).toBe(
      '<code class="language-rust">a</code><code>b</code>',
    );
    expect(
      sanitizeHtml('<code class="hljs">c</code><ol start="3">d</ol><ol start="3 onclick=x">e</ol>'),
    ).toBe('<code>c</code><ol start="3">d</ol><ol>e</ol>');
  });
});

describe("isAllowedUrl", () => {
  it.each([
    "https://example.com/a?b#c",
    "http://example.com",
    "HTTPS://EXAMPLE.COM/",
    "http://[::1]:8080/",
    "mailto:ann@example.com",
  ])("allows %j", (url) => {
    expect(isAllowedUrl(url)).toBe(true);
  });

  it.each([
    "",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript :alert(1)",
    " https://example.com",
    "https://exa mple.com",
    "https://example.com/\u0085",
    "http:example.com",
    "https:\\\\evil.example",
    "https://",
    "mailto:",
    "tel:+100",
    "//example.com",
    "example.com",
  ])("refuses %j", (url) => {
    expect(isAllowedUrl(url)).toBe(false);
  });
});
