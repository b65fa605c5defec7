// The render-on-write pipeline against the bypass classes of security.md. Every case asserts what
// must not appear and what must.
import { describe, expect, it } from "vitest";
import { countLinks, renderMarkdown } from "../../worker/src/render/markdown.ts";
import { sanitizeHtml } from "../../worker/src/render/sanitize.ts";
import { isAllowedUrl } from "../../worker/src/render/url-allowlist.ts";

const REL = 'rel="nofollow ugc noopener noreferrer" target="_blank"';

/** No executable HTML: no tags outside the allowlist, no event handlers, no script URLs. */
function expectInert(html: string): void {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]?.toLowerCase());
  for (const tag of tags) {
    expect(["p", "br", "em", "strong", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a"]).toContain(
      tag,
    );
  }
  // Attribute values are quoted and escaped; what remains outside them must hold no handler.
  const unquoted = html.replace(/"[^"]*"/g, '""');
  expect(unquoted).not.toMatch(/<[^>]*\son\w+\s*=/i);
  expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
  expect(html).not.toMatch(/<[^>]*(javascript|vbscript|data):/i);
}

describe("the Markdown subset", () => {
  const cases: [string, string][] = [
    ["**strong** and *em* and _em_", "<p><strong>strong</strong> and <em>em</em> and <em>em</em></p>"],
    ["~~gone~~", "<p><s>gone</s></p>"],
    ["`a < b`", "<p><code>a &lt; b</code></p>"],
    ["line one\nline two", "<p>line one<br>\nline two</p>"],
    ["para one\n\npara two", "<p>para one</p>\n<p>para two</p>"],
    ["> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"],
    ["- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"],
    ["3. c\n4. d", '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'],
    ["```ts\nconst a = 1 < 2;\n```", '<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>'],
    ["```\nplain\n```", "<pre><code>plain\n</code></pre>"],
    ["# Not a heading", "<p># Not a heading</p>"],
    ["Title\n===", "<p>Title<br>\n===</p>"],
    ["---", "<p>---</p>"],
    ["    indented", "<p>indented</p>"],
    ["[site](https://example.com)", `<p><a href="https://example.com" ${REL}>site</a></p>`],
    ["<https://example.com/a>", `<p><a href="https://example.com/a" ${REL}>https://example.com/a</a></p>`],
    [
      "see https://example.com now",
      `<p>see <a href="https://example.com" ${REL}>https://example.com</a> now</p>`,
    ],
    ["[mail](mailto:ann@example.com)", `<p><a href="mailto:ann@example.com" ${REL}>mail</a></p>`],
    ["[ref][1]\n\n[1]: https://example.com/r", `<p><a href="https://example.com/r" ${REL}>ref</a></p>`],
    ["emoji 😀 and 𝒳 and 漢字", "<p>emoji 😀 and 𝒳 and 漢字</p>"],
  ];
  for (const [source, html] of cases) {
    it(`renders ${JSON.stringify(source)}`, () => {
      expect(renderMarkdown(source)).toBe(html);
    });
  }

  it("renders the title of a link escaped", () => {
    const html = renderMarkdown('[t](https://x.example "say \\"hi\\" <b>")');
    expect(html).toContain('title="say &quot;hi&quot; &lt;b&gt;"');
    expectInert(html);
  });

  it("counts the links it would render, and only those", () => {
    expect(countLinks("a https://x.io and [b](http://y.io) and <https://z.io>")).toBe(3);
    expect(countLinks("[bad](javascript:alert(1)) and [rel](/x) and plain")).toBe(0);
  });
});

describe("hostile input", () => {
  const schemes = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java%0ascript:alert(1)",
    "java\tscript:alert(1)",
    "java\u0000script:alert(1)",
    " javascript:alert(1)",
    "\u0001javascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "#fragment",
  ];
  for (const url of schemes) {
    it(`makes no link of [x](${JSON.stringify(url)}) or <${JSON.stringify(url)}>`, () => {
      for (const source of [`[x](${url})`, `<${url}>`, `[x](<${url}>)`, `[x][r]\n\n[r]: ${url}`]) {
        const html = renderMarkdown(source);
        expect(html).not.toContain("<a ");
        expectInert(html);
      }
    });
  }

  const typedAsText = [
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<!-- comment --><b>bold</b>",
    '<p onclick="alert(1)">x</p>',
  ];
  for (const source of typedAsText) {
    it(`shows ${JSON.stringify(source)} as text`, () => {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html).toContain("&lt;");
    });
  }

  it("keeps image syntax from making an image or smuggling attributes", () => {
    for (const source of [
      "![x](https://evil.example/track.png)",
      '![x](https://evil.example/a.png "x\\" onerror=\\"alert(1)")',
      "![x](javascript:alert(1))",
      '[![x](https://evil.example/a.png)](https://example.com "t")',
    ]) {
      const html = renderMarkdown(source);
      expect(html).not.toContain("<img");
      expectInert(html);
    }
  });

  it("keeps quotes in link titles and URLs inside their attribute", () => {
    for (const source of [
      '[a](https://x.example "a\\" onmouseover=\\"alert(1)")',
      '[a](https://x.example/"onmouseover=alert(1)//)',
      "[a](https://x.example/'onmouseover='alert(1))",
      'https://x.example/"><script>alert(1)</script>',
    ]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html).not.toContain("<script");
    }
  });

  it("gives a code fence a language class only for a plain language name", () => {
    expect(renderMarkdown("```c++\nx\n```")).toContain('class="language-c++"');
    for (const info of ['js" onload="alert(1)', "<script>", "a".repeat(21), "js'x", "x;y"]) {
      const html = renderMarkdown(`\`\`\`${info}\ncode\n\`\`\``);
      expect(html).toMatch(/^<pre><code>code\n<\/code><\/pre>$/);
    }
  });

  it("survives 5,000 levels of nested quotes and lists quickly, with bounded depth", () => {
    for (const source of [
      `${">".repeat(5_000)} deep`,
      `${"- ".repeat(5_000)}deep`,
      `${"[".repeat(5_000)}x`,
    ]) {
      const started = performance.now();
      const html = renderMarkdown(source);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect((html.match(/<blockquote>|<ul>/g) ?? []).length).toBeLessThanOrEqual(20);
      expectInert(html);
    }
  });

  it("handles a 10,000-character comment of pathological emphasis without blowing up", () => {
    const html = renderMarkdown("*a_".repeat(3_333));
    expectInert(html);
    expect(html.length).toBeGreaterThan(9_000);
  });
});

describe("the second layer alone", () => {
  it("escapes tags and attributes outside the allowlist even if the renderer produced them", () => {
    const html = sanitizeHtml(
      '<p onclick="x">a</p><img src=x onerror=alert(1)><a href="javascript:alert(1)" rel="opener">b</a>' +
        '<code class="language-js x">c</code><ol start="1 onclick">d</ol><h1>e</h1>',
    );
    expectInert(html);
    expect(html).toContain("&lt;img");
    expect(html).toContain("<a>b</a>".replace("<a>", '<a rel="nofollow ugc noopener noreferrer">'));
    expect(html).toContain("<code>c</code>");
    expect(html).toContain("<ol>d</ol>");
    expect(html).toContain("&lt;h1&gt;");
  });

  it("re-checks hrefs with entities against the allowlist", () => {
    expect(sanitizeHtml('<a href="&#106;avascript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(sanitizeHtml('<a href="https://ok.example/?a=1&amp;b=2">x</a>')).toBe(
      '<a href="https://ok.example/?a=1&amp;b=2">x</a>',
    );
  });
});

describe("isAllowedUrl", () => {
  it("allows http, https and mailto only", () => {
    expect(isAllowedUrl("https://example.com/a?b#c")).toBe(true);
    expect(isAllowedUrl("HTTP://EXAMPLE.COM")).toBe(true);
    expect(isAllowedUrl("mailto:a@b.c")).toBe(true);
    for (const bad of ["ftp://x", "javascript:x", "mailto:", "https://", "http://exa mple.com", "tel:1"]) {
      expect(isAllowedUrl(bad), bad).toBe(false);
    }
  });
});
