// Imported comment HTML becomes Markdown source, then goes through the one render pipeline.
import { describe, expect, it } from "vitest";
import { htmlToMarkdown } from "../../worker/src/import/html-to-markdown.ts";
import { renderMarkdown } from "../../worker/src/render/markdown.ts";

const roundTrip = (html: string) => renderMarkdown(htmlToMarkdown(html));

describe("htmlToMarkdown", () => {
  it("turns WordPress blockquotes and paragraphs into Markdown quotes", () => {
    const md = htmlToMarkdown("Intro line\n\n<blockquote><p>First.</p>\n<p>Second.</p></blockquote>\nAfter.");
    expect(md).toBe("Intro line\n\n> First.\n>\n> Second.\n\nAfter.");
    expect(renderMarkdown(md)).toBe(
      "<p>Intro line</p>\n<blockquote>\n<p>First.</p>\n<p>Second.</p>\n</blockquote>\n<p>After.</p>",
    );
  });

  it("keeps WordPress line breaks and paragraph breaks of plain text", () => {
    expect(roundTrip("one\ntwo\n\nthree")).toBe("<p>one<br>\ntwo</p>\n<p>three</p>");
  });

  it("converts inline markup and safe links", () => {
    expect(
      roundTrip(
        '<strong>b</strong> <em>i</em> <del>d</del> <code>c</code> <a href="https://x.io/a(b)">x</a>',
      ),
    ).toBe(
      '<p><strong>b</strong> <em>i</em> <s>d</s> <code>c</code> <a href="https://x.io/a%28b%29" rel="nofollow ugc noopener noreferrer" target="_blank">x</a></p>',
    );
  });

  it("drops unsafe links and unknown tags but keeps their text", () => {
    const html = roundTrip(
      '<a href="javascript:alert(1)">click</a> <img src=x onerror=alert(1)><span onclick="x">text</span>',
    );
    expect(html).toBe("<p>click text</p>");
  });

  it("keeps plain text that looks like Markdown as text (bare URLs are linked, as WordPress does)", () => {
    expect(roundTrip("1. not a list\n- nor this\n# nor a heading *or emphasis* [or link](x)")).toBe(
      "<p>1. not a list<br>\n- nor this<br>\n# nor a heading *or emphasis* [or link](x)</p>",
    );
  });

  it("drops the code of scripts and styles (a browser never shows it), keeping the words around", () => {
    expect(roundTrip("Nice <script>alert(document.cookie)</script>post<style>p{color:red}</style>!")).toBe(
      "<p>Nice post!</p>",
    );
    // As in a browser, `<script/>` opens a script: everything up to `</script>` is code.
    expect(roundTrip("a<script/> b <SCRIPT>x</SCRIPT> c")).toBe("<p>a c</p>");
  });

  it("decodes entities once, and escaped markup stays text", () => {
    expect(roundTrip("a &amp; b &lt;script&gt;alert(1)&lt;/script&gt; &#8217; &hellip;")).toBe(
      "<p>a &amp; b &lt;script&gt;alert(1)&lt;/script&gt; ’ …</p>",
    );
  });
});

describe("htmlToMarkdown on hostile input", () => {
  // Each of these shapes made a regular expression of the old converter rescan what it had read
  // (40,000 spaces took seconds). Linear time: 400,000 characters well under a second each.
  const n = 400_000;
  const shapes: [string, string][] = [
    ["spaces", " ".repeat(n)],
    ["spaces then a newline", `${" ".repeat(n)}\nx`],
    ["tabs after a newline", `a\n${"\t".repeat(n)}`],
    ["newlines", "\n".repeat(n)],
    ["newline-space pairs", "\n ".repeat(n / 2)],
    ["less-than signs", "<".repeat(n)],
    ["unclosed tags", "<a ".repeat(n / 3)],
    ["open tags never closed", "<b>".repeat(n / 3)],
    ["nested quotes", `${"<blockquote>".repeat(n / 12)}deep`],
    ["nested links", '<a href="https://x.io/">'.repeat(n / 24)],
    ["digits", "1".repeat(n)],
    ["dashes after spaces", `${" ".repeat(n / 2)}-${" ".repeat(n / 2)}`],
    ["entities", "&amp".repeat(n / 4)],
  ];
  for (const [name, html] of shapes) {
    it(`converts ${html.length.toLocaleString("en-US")} characters of ${name} in linear time`, () => {
      const started = performance.now();
      const md = htmlToMarkdown(html);
      const ms = performance.now() - started;
      expect(ms, `${name}: ${Math.round(ms)} ms`).toBeLessThan(1_000);
      expect(md.length).toBeLessThan(html.length * 3 + 10);
    });
  }

  it("keeps nested quotes at a depth the renderer shows, and markup left open as text", () => {
    expect(htmlToMarkdown(`${"<blockquote>".repeat(20)}deep`)).toBe(`${"> ".repeat(8)}deep`);
    expect(roundTrip("<b>bold <i>both <x")).toBe("<p>**bold *both x</p>");
  });
});
