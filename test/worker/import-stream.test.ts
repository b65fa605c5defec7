// The two passes of the XML importers: the scanner and the format readers give the same parse as
// the whole-file parser whatever the size of the pieces the upload arrives in (tags, CDATA,
// entities and UTF-8 characters cut at every place); bodies are kept as bytes and decoded in
// pieces. (Broken uploads: import-broken.test.ts.)
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RECOUNT_REPLIES_SQL } from "../../worker/src/db/import-counts.ts";
import type { ParsedImport } from "../../worker/src/import/model.ts";
import { rulesOf } from "../../worker/src/import/readers.ts";
import {
  type BatchLimits,
  checkXmlImport,
  parseXmlImport,
  readXmlImport,
} from "../../worker/src/import/stream.ts";
import { XmlScanner, type XmlUnit } from "../../worker/src/import/xml-scan.ts";
import { ApiError } from "../../worker/src/lib/api-error.ts";
import { readBody, textPieces } from "../../worker/src/lib/body-text.ts";
import { byteStream, disqusFile, wxrFile } from "../fixtures/import-files.ts";
import seedWxr from "../fixtures/seed-post.wxr?raw";

const SMALL: BatchLimits = { comments: 3, chars: 400, elementChars: 16_000_000 };

/** The text in pieces of `size` characters. */
function* piecesOf(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Everything the second pass hands on, batch after batch, put together. */
async function streamed(
  format: "wxr" | "disqus",
  text: string,
  size: number,
  limits = SMALL,
): Promise<ParsedImport & { batches: number }> {
  const all = { threads: [], comments: [], skipped: 0, errors: [], batches: 0 } as ParsedImport & {
    batches: number;
  };
  const checked = checkXmlImport(format, piecesOf(text, size), limits);
  await readXmlImport(
    format,
    piecesOf(text, size),
    checked,
    async (b) => {
      all.batches++;
      all.threads.push(...b.threads);
      all.comments.push(...b.comments);
      all.skipped += b.skipped;
      all.errors.push(...b.errors);
    },
    limits,
  );
  return all;
}

const byEntry = (errors: { entry: string; reason: string }[]) =>
  [...errors].sort((a, b) => (a.entry + a.reason).localeCompare(b.entry + b.reason));

/** A small WXR with everything the reader must get right, one comment with a bad date. */
const wxrSample = (() => {
  const { text } = wxrFile({ posts: 5, comments: 12, words: 6 });
  return text.replace(
    /<wp:comment_date_gmt><!\[CDATA\[[^\]]+\]\]>/,
    "<wp:comment_date_gmt><![CDATA[not a date]]>",
  );
})();

/** A Disqus file with a deleted thread, a post with a bad date and one of a thread never given. */
const disqusSample = disqusFile(
  ["a", "b"],
  [
    { id: "1", thread: "a" },
    { id: "2", thread: "a", parent: "1" },
    { id: "3", thread: "b", words: 30 },
    { id: "4", thread: "b", parent: "3" },
    { id: "5", thread: "a", parent: "2" },
  ],
)
  .replace('<thread dsq:id="b" />', '<thread dsq:id="b" /><!-- a <post dsq:id="x"> in a comment -->')
  .replace(
    "</disqus>",
    `<thread dsq:id="gone"><link>https://blog.example.com/gone/</link><isDeleted>true</isDeleted></thread>
<post dsq:id="6"><message>x</message><createdAt>yesterday</createdAt><thread dsq:id="a" /></post>
<post dsq:id="7"><message>&lt;b&gt;hi&lt;/b&gt; &amp;amp;</message><createdAt>2020-01-01T00:00:00Z</createdAt><thread dsq:id="nowhere" /></post>
</disqus>`,
  );

/** The units of `text` fed in pieces of `size`, as name and the text from `<` to the end tag. */
function unitsOf(format: "wxr" | "disqus", text: string, size: number) {
  const got: XmlUnit[] = [];
  const scanner = new XmlScanner(rulesOf(format, Number.POSITIVE_INFINITY), (u) => got.push(u));
  for (const piece of piecesOf(text, size)) scanner.write(piece);
  scanner.end();
  return got.map((u) => [
    u.name,
    text.slice(text.lastIndexOf("<", u.openEnd - 1), u.end),
    u.node?.children.length,
  ]);
}

describe("the XML scanner", () => {
  it("finds the same elements at the same places whatever the pieces", () => {
    const text = disqusSample.replace(
      "</disqus>",
      '<!-- <thread dsq:id="c"> --><![CDATA[ <post dsq:id="y"> ]]></disqus>',
    );
    const expected = unitsOf("disqus", text, text.length);
    expect(expected.map((u) => u[0])).toEqual([
      "thread",
      "thread",
      ...Array(5).fill("post"),
      "thread",
      "post",
      "post",
    ]);
    for (const [, xml] of expected)
      expect(String(xml)).toMatch(/^<(thread|post)[\s\S]*(<\/(thread|post)>|\/>)$/);
    for (const size of [1, 2, 3, 5, 7, 64])
      expect(unitsOf("disqus", text, size), `pieces of ${size}`).toEqual(expected);
  });

  it("does not end an element at a closing tag inside CDATA", async () => {
    const text = `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>A</title><link>https://blog.example.com/a/</link>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[look: </item> <item> ]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>
</item><item><title>B</title><link>https://blog.example.com/b/</link></item></channel></rss>`;
    const got = await streamed("wxr", text, 1);
    // One post with one comment (the other has none, so it is no thread); the CDATA is HTML.
    expect(got.threads.map((t) => t.title)).toEqual(["A"]);
    expect(got.comments.map((c) => c.text)).toEqual(["look:"]);
  });
});

describe("the streaming readers", () => {
  it("read WXR as the whole-file parser does, in pieces of 1, 7 and 64 characters", async () => {
    for (const text of [wxrSample, seedWxr]) {
      const whole = parseXmlImport("wxr", text);
      expect(whole.comments.length).toBeGreaterThan(10);
      for (const size of [1, 7, 64]) {
        const got = await streamed("wxr", text, size);
        // The seed is one post: one batch and the last (empty) one.
        expect(got.batches).toBeGreaterThan(text === seedWxr ? 1 : 4);
        expect(got.threads).toEqual(whole.threads);
        expect(got.comments).toEqual(whole.comments);
        expect(got.skipped).toBe(whole.skipped);
        expect(got.errors).toEqual(whole.errors);
      }
    }
    expect(parseXmlImport("wxr", wxrSample).errors).toEqual([
      {
        entry: "comment wxr:https://blog.example.com/?p=1#comment-1",
        reason: "no usable date: dated as its post",
      },
    ]);
  });

  it("read Disqus as the whole-file parser does, in pieces of 1, 7 and 64 characters", async () => {
    const whole = parseXmlImport("disqus", disqusSample);
    expect(whole.comments).toHaveLength(5);
    expect(byEntry(whole.errors)).toEqual([
      { entry: "post 6", reason: "bad date" },
      { entry: "post 7", reason: "missing thread" },
    ]);
    for (const size of [1, 7, 64]) {
      const got = await streamed("disqus", disqusSample, size);
      expect(got.batches).toBeGreaterThan(1);
      expect(got.threads).toEqual(whole.threads);
      expect(got.comments).toEqual(whole.comments);
      expect(got.skipped).toBe(whole.skipped);
      expect(byEntry(got.errors)).toEqual(byEntry(whole.errors));
    }
  });

  it("hold a Disqus post whose thread comes later in the file until the end", async () => {
    const text = disqusFile(
      ["a", "late"],
      [
        { id: "1", thread: "late" },
        { id: "2", thread: "a" },
      ],
      { threadsLast: ["late"] },
    );
    const got = await streamed("disqus", text, 64);
    expect(got.comments.map((c) => c.ref)).toEqual(["disqus:2", "disqus:1"]);
    expect(got.errors).toEqual([]);
  });

  it("skip an element over the size limit with an error and read the rest", async () => {
    const { text } = wxrFile({ posts: 3, comments: 2 });
    const big = text.replace("<item>", `<item><wp:postmeta>${"x".repeat(5000)}</wp:postmeta>`);
    const got = await streamed("wxr", big, 100, { comments: 500, chars: 1e6, elementChars: 4000 });
    expect(got.threads).toHaveLength(2);
    const line = big.slice(0, big.indexOf("<item>")).split("\n").length;
    expect(got.errors).toEqual([{ entry: `<item> of line ${line}`, reason: "over 4000 characters" }]);
  });
});

describe("upload bodies", () => {
  const request = (body: ReadableStream<Uint8Array>) =>
    new Request("https://confab.test/", { method: "POST", body, duplex: "half" } as RequestInit);
  const text = async (req: Request, max: number, piece?: number) =>
    [...textPieces(await readBody(req, max), piece)].join("");

  it("are kept as bytes and decoded in pieces, a character cut between two chunks put together again", async () => {
    const sample = "\uFEFFcafé 😀 naïve — ".repeat(50);
    for (const size of [1, 7, 64]) {
      expect(await text(request(byteStream(sample, size)), 1e6)).toBe(sample);
      expect(await text(request(byteStream(sample, 64)), 1e6, size)).toBe(sample);
    }
  });

  it("are refused with 413 past the limit, and with 400 when the upload breaks off", async () => {
    await expect(text(request(byteStream("x".repeat(5000), 100)), 1000)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("<rss><channel><item>"));
        controller.error(new Error("connection reset"));
      },
    });
    const err = await text(request(broken), 1e6).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "validation_failed", status: 400 });
  });
});

describe("the reply recount of an import", () => {
  it("counts each parent's replies through the parent index, not by reading every approved comment", async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${RECOUNT_REPLIES_SQL}`)
      .bind('["a","b"]')
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join("\n");
    expect(plan).toContain("comments_by_parent");
    expect(plan).not.toMatch(/SCAN comments\b|comments_by_status/);
  });
});
