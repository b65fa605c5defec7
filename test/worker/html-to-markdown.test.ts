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

  it("decodes entities once, and escaped markup stays text", () => {
    expect(roundTrip("a &amp; b &lt;script&gt;alert(1)&lt;/script&gt; &#8217; &hellip;")).toBe(
      "<p>a &amp; b &lt;script&gt;alert(1)&lt;/script&gt; ’ …</p>",
    );
  });
});
