import { describe, expect, it } from "vitest";
import { sanitize } from "../../widget/src/sanitize.ts";

const LINK = 'rel="nofollow ugc noopener noreferrer" target="_blank"';

describe("sanitize", () => {
  it("keeps the markdown subset as it is", () => {
    const html =
      "<p>Hi <em>there</em>, <strong>bold</strong> <s>gone</s> <code>x()</code><br></p>" +
      '<pre><code class="language-js">let a = 1;</code></pre><blockquote><p>quoted</p></blockquote>' +
      '<ul><li>one</li></ul><ol start="3"><li>three</li></ol>';
    expect(sanitize(html)).toBe(html);
  });

  it("keeps http, https and mailto links, forcing rel and target", () => {
    expect(sanitize('<a href="https://example.com/a?b=1" title="T" rel="opener" target="_self">x</a>')).toBe(
      `<a href="https://example.com/a?b=1" title="T" ${LINK}>x</a>`,
    );
    expect(sanitize('<a href="HTTP://EXAMPLE.COM">x</a>')).toBe(
      `<a href="http://example.com/" ${LINK}>x</a>`,
    );
    expect(sanitize('<a href="mailto:ann@example.com">mail</a>')).toBe(
      `<a href="mailto:ann@example.com" ${LINK}>mail</a>`,
    );
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "java\tscript:alert(1)",
    "java&#10;script:alert(1)",
    " \u0001javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/relative",
  ])("drops the href %j but keeps the link text", (href) => {
    const out = sanitize(`<a href="${href.replace(/"/g, "&quot;")}">click</a>`);
    expect(out).toBe(`<a ${LINK}>click</a>`);
  });

  it("removes event handlers, styles and unknown attributes from allowed tags", () => {
    expect(
      sanitize(
        '<p onclick="x()" style="color:red" class="c" id="i" data-x="1">a <em onmouseover="y()">b</em></p>',
      ),
    ).toBe("<p>a <em>b</em></p>");
  });

  it("drops images, svg and other active content typed as markup", () => {
    expect(sanitize('<p>a<img src="x" onerror="alert(1)">b</p>')).toBe("<p>ab</p>");
    expect(sanitize('<svg onload="alert(1)"><circle/></svg><p>after</p>')).toBe("<p>after</p>");
    expect(sanitize("<details ontoggle=alert(1) open><summary>s</summary>t</details>")).toBe("st");
    expect(sanitize('<iframe src="https://evil.example"></iframe>ok')).toBe("ok");
  });

  it("drops scripts and styles together with their content", () => {
    expect(sanitize("<p>a<script>alert(1)</script>b<style>p{}</style>c</p>")).toBe("<p>abc</p>");
    expect(sanitize("<template><img src=x onerror=alert(1)></template>x")).toBe("x");
  });

  it("keeps the text of other elements, escaped", () => {
    expect(sanitize('<div><span class="x">a &lt;b&gt;</span> <h1>Title</h1></div>')).toBe(
      "a &lt;b&gt; Title",
    );
    expect(sanitize("<p>1 &lt; 2 &amp;&amp; <!-- note --> 3</p>")).toBe("<p>1 &lt; 2 &amp;&amp;  3</p>");
  });

  it("keeps only a code-fence language class and a numeric list start", () => {
    expect(sanitize('<code class="language-c++">x</code>')).toBe('<code class="language-c++">x</code>');
    expect(sanitize('<code class="language-js onclick">x</code>')).toBe("<code>x</code>");
    expect(sanitize('<code class="evil">x</code>')).toBe("<code>x</code>");
    expect(sanitize('<ol start="2x"><li>a</li></ol>')).toBe("<ol><li>a</li></ol>");
  });

  it("cannot be broken out of with quotes in attribute values", () => {
    const out = sanitize(`<a href="https://e.example/" title='"><img src=x onerror=alert(1)>'>x</a>`);
    const parsed = document.createElement("div");
    parsed.innerHTML = out;
    expect(parsed.querySelector("img")).toBeNull();
    expect(parsed.querySelector("a")?.getAttribute("title")).toBe('"><img src=x onerror=alert(1)>');
  });

  it("returns an empty string for empty input", () => {
    expect(sanitize("")).toBe("");
  });
});
