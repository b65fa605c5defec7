// Uploads that are not whole files of their format: refused whole with 400 and where they broke
// (or the format they are not), writing nothing, whatever the chunks they arrive in; and the
// entries a whole file may still lose (a comment too long to store) reported one by one.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { byteStream, disqusFile, wxrFile } from "../fixtures/import-files.ts";
import { addSite, api, expectError, OPERATOR, RESET_SQL, snapshot } from "./helpers.ts";
import { consistency, treeOf } from "./import-checks.ts";

const disqusSample = disqusFile(["a"], [{ id: "1", thread: "a" }]);

describe("broken and foreign uploads", () => {
  const importAs = (format: string, body: BodyInit) =>
    api(`/api/v1/admin/import?site=blog&format=${format}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${OPERATOR}`, "Content-Type": "text/plain" },
      body,
      duplex: "half",
    } as RequestInit);

  beforeEach(async () => {
    await env.DB.exec(RESET_SQL);
    await addSite();
  });

  it("imports an upload arriving in chunks of 1, 7 and 64 bytes as the same rows as in one piece", async () => {
    const { text, comments } = wxrFile({ posts: 3, comments: 8 });
    const rows = async () =>
      JSON.stringify(
        (
          await env.DB.prepare(
            `SELECT c.source_id, c.author_name, c.text, c.html, c.status, c.depth, p.source_id AS parent, t.title
             FROM comments c JOIN threads t ON t.id = c.thread_id LEFT JOIN comments p ON p.id = c.parent_id
             ORDER BY c.source_id`,
          ).all()
        ).results,
      );
    expect(await (await importAs("wxr", text)).json()).toMatchObject({ comments, errors: [] });
    const expected = await rows();
    expect(expected).toContain("café");
    for (const size of [1, 7, 64]) {
      await env.DB.exec("DELETE FROM audit_log; DELETE FROM comments; DELETE FROM threads;");
      const res = await importAs("wxr", byteStream(text, size));
      expect(await res.json()).toMatchObject({ threads: 3, comments, errors: [] });
      expect(await rows(), `chunks of ${size} bytes`).toBe(expected);
    }
  });

  it("refuses a file cut inside an element with 400, saying where, writes nothing, and takes the whole file after", async () => {
    const gen = wxrFile({ posts: 30, comments: 40, words: 30 });
    const at = gen.text.indexOf("<wp:comment>", Math.floor(gen.text.length * 0.7)) + 30;
    const cut = gen.text.slice(0, at);
    const before = await snapshot();
    const error = await expectError(await importAs("wxr", cut), 400, "invalid_import");
    const lines = cut.split("\n");
    const itemLine = cut.slice(0, cut.lastIndexOf("<item>")).split("\n").length;
    expect(error.message).toBe(
      `The file is not well-formed XML: line ${lines.length}, column ${Array.from(lines.at(-1) ?? "").length} ` +
        `(byte ${new TextEncoder().encode(cut).length}): the file ends inside <wp:comment_id> (opened at line ${lines.length}): ` +
        "expected </wp:comment_id> — is the file cut short? Nothing was imported.",
    );
    expect(itemLine).toBeLessThan(lines.length);
    expect(await snapshot()).toBe(before);
    expect(await (await importAs("wxr", gen.text)).json()).toMatchObject({
      comments: gen.comments,
      errors: [],
    });
    await consistency();
    expect(await treeOf("blog")).toEqual(gen.parents);
  });

  it("refuses a file cut between two elements, or inside a tag, and writes nothing", async () => {
    const { text } = wxrFile({ posts: 4, comments: 3 });
    const before = await snapshot();
    const between = await expectError(
      await importAs("wxr", text.slice(0, text.lastIndexOf("<item>"))),
      400,
      "invalid_import",
    );
    expect(between.message).toContain("the file ends inside <channel>");
    const inTag = await expectError(
      await importAs("wxr", text.slice(0, text.lastIndexOf("<item>") + 3)),
      400,
      "invalid_import",
    );
    expect(inTag.message).toContain("is the file cut short?");
    expect(inTag.message).not.toBe(between.message);
    expect(await snapshot()).toBe(before);
  });

  it("refuses a file of another format with validation_failed, and one that is no XML with invalid_import", async () => {
    const before = await snapshot();
    const wxr = wxrFile({ posts: 2, comments: 2 }).text;
    for (const [format, body, code] of [
      ["wxr", disqusSample, "validation_failed"],
      ["disqus", wxr, "validation_failed"],
      ["wxr", '{"format":"confab-export","version":1,"threads":[],"comments":[]}', "invalid_import"],
      ["wxr", new Uint8Array([0xff, 0xfe, 0x00, 0x3c, 0x69, 0x74, 0x65, 0x6d, 0x3e, 0x80]), "invalid_import"],
      ["wxr", "", "invalid_import"],
      ["wxr", "   \n  ", "invalid_import"],
    ] as const) {
      const error = await expectError(await importAs(format, body), 400, code);
      if (code === "validation_failed") expect(error.fields).toEqual({ format: "invalid" });
      else
        expect(error.message).toMatch(
          /^The file is not well-formed XML: line \d+, column \d+ \(byte \d+\): /,
        );
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses a Confab file over its limit with 413 and writes nothing", async () => {
    const before = await snapshot();
    const big = `{"format":"confab-export","version":1,"threads":[],"comments":[],"pad":"${"x".repeat(8 * 1024 * 1024)}"}`;
    const error = await expectError(await importAs("confab", big), 413, "payload_too_large");
    expect(error.message).toContain("npm run confab");
    expect(await snapshot()).toBe(before);
  });

  it("skips a comment too long to store with an error, and imports the rest", async () => {
    const { text } = wxrFile({ posts: 1, comments: 3 });
    const long = text.replace("<p>Comment 2:", `<p>Comment 2: ${"long ".repeat(25_000)}`);
    expect(await (await importAs("wxr", long)).json()).toEqual({
      threads: 1,
      comments: 2,
      skipped: 1,
      errors: [{ entry: "comment wxr:https://blog.example.com/?p=1#comment-2", reason: "text too long" }],
    });
    await consistency();
  });

  it("refuses character references no character has; escaped into the HTML, HTML reads them as U+FFFD", async () => {
    const text = (
      author: string,
    ) => `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>T &#x41;</title><link>https://blog.example.com/t/</link>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>${author}</wp:comment_author>
<wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content>&amp;#99999999;</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved></wp:comment></item></channel></rss>`;
    const before = await snapshot();
    for (const bad of ["A &#xFFFFFFFFF;", "A &#0;", "A &#99999999;"]) {
      const error = await expectError(await importAs("wxr", text(bad)), 400, "invalid_import");
      expect(error.message).toContain("line 2, column");
    }
    expect(await snapshot()).toBe(before);
    expect(await (await importAs("wxr", text("A"))).json()).toEqual({
      threads: 1,
      comments: 1,
      skipped: 0,
      errors: [],
    });
    const row = await env.DB.prepare(
      "SELECT text, t.title FROM comments JOIN threads t ON t.id = thread_id",
    ).first();
    expect(row).toEqual({ text: "\uFFFD", title: "T A" });
  });
});
