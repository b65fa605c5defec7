// What imported rows may hold: WordPress's escaped names and titles decoded once, the API's own
// rules on websites, e-mails and page URLs for every format (Confab rows refused with a reason),
// replies to pingbacks kept, comment ids reused by two posts both kept, and a DTD's entities
// never expanded (no local file read).
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, admin, adminJson, expectError, RESET_SQL, snapshot } from "./helpers.ts";

const importAs = (format: string, body: string) =>
  admin(`/import?site=blog&format=${format}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "text/plain" },
  });

const WP = 'xmlns:wp="http://wordpress.org/export/1.2/"';
const comment = (id: number, extra: string, parent = 0) =>
  `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_date_gmt>2020-01-0${id} 00:00:00</wp:comment_date_gmt>
   <wp:comment_content><![CDATA[Text ${id}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
   <wp:comment_parent>${parent}</wp:comment_parent>${extra}</wp:comment>`;
const item = (id: number, link: string, title: string, comments: string) =>
  `<item><title>${title}</title><link>${link}</link><wp:post_id>${id}</wp:post_id>${comments}</item>`;
const wxr = (items: string, lead = "") =>
  `${lead}<?xml version="1.0" encoding="UTF-8"?><rss ${WP}><channel>${items}</channel></rss>`;

const rows = async () =>
  (
    await env.DB.prepare(
      `SELECT c.source_id AS source, c.author_name AS name, c.author_website AS website, c.author_email AS email,
         p.source_id AS parent, t.title, t.url FROM comments c JOIN threads t ON t.id = c.thread_id
         LEFT JOIN comments p ON p.id = c.parent_id ORDER BY c.created_at`,
    ).all()
  ).results;

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("WXR fields", () => {
  it("decode WordPress's escaped author names, websites and titles once; keep e-mails plain", async () => {
    const text = wxr(
      item(
        1,
        "https://blog.example.com/a/",
        "<![CDATA[Fish &amp; Chips &#8211; &quot;Max&#039;s&quot;]]>",
        comment(
          1,
          "<wp:comment_author><![CDATA[Max &amp; Co &laquo;x&raquo;]]></wp:comment_author>" +
            "<wp:comment_author_url><![CDATA[https://max.example/?a=1&amp;b=2]]></wp:comment_author_url>" +
            "<wp:comment_author_email> Max@Example.com\n </wp:comment_author_email>",
        ),
      ),
    );
    expect(await (await importAs("wxr", text)).json()).toMatchObject({ comments: 1, errors: [] });
    expect(await rows()).toEqual([
      {
        source: "wxr:/?p=1#comment-1",
        name: "Max & Co «x»",
        website: "https://max.example/?a=1&b=2",
        email: "max@example.com",
        parent: null,
        title: 'Fish & Chips – "Max\'s"',
        url: "https://blog.example.com/a/",
      },
    ]);
  });

  it("drop websites and e-mails the API would refuse, and skip a post whose link is not http(s)", async () => {
    const text = wxr(
      item(
        1,
        "https://blog.example.com/a/",
        "A",
        comment(
          1,
          "<wp:comment_author_url>javascript:alert(1)</wp:comment_author_url><wp:comment_author_email>not an email</wp:comment_author_email>",
        ),
      ) + item(2, "javascript:alert(1)", "B", comment(2, "")),
    );
    const result = (await (await importAs("wxr", text)).json()) as any;
    expect(result).toEqual({
      threads: 1,
      comments: 1,
      skipped: 1,
      errors: [{ entry: 'post "B"', reason: "link javascript:alert(1) is not an http(s) URL" }],
    });
    expect(await rows()).toMatchObject([{ source: "wxr:/?p=1#comment-1", website: null, email: null }]);
  });

  it("hang a reply to a pingback under the pingback's parent, and keep comment ids two posts share", async () => {
    const ping = "<wp:comment_type>pingback</wp:comment_type>";
    const text = wxr(
      item(
        1,
        "https://blog.example.com/a/",
        "A",
        comment(1, "") + comment(2, ping, 1) + comment(3, "", 2) + comment(4, ping) + comment(5, "", 4),
      ) + item(2, "https://blog.example.com/b/", "B", comment(1, "") + comment(3, "", 1)),
    );
    expect(await (await importAs("wxr", text)).json()).toEqual({
      threads: 2,
      comments: 5,
      skipped: 2,
      errors: [],
    });
    expect((await rows()).map((r: any) => [r.source, r.parent])).toEqual([
      ["wxr:/?p=1#comment-1", null],
      ["wxr:/?p=2#comment-1", null],
      ["wxr:/?p=1#comment-3", "wxr:/?p=1#comment-1"],
      ["wxr:/?p=2#comment-3", "wxr:/?p=2#comment-1"],
      ["wxr:/?p=1#comment-5", null],
    ]);
    expect(await (await importAs("wxr", text)).json()).toEqual({
      threads: 0,
      comments: 0,
      skipped: 7,
      errors: [],
    });
  });

  it("tolerate whitespace before <?xml, and refuse an encoding other than UTF-8, writing nothing", async () => {
    const text = wxr(item(1, "https://blog.example.com/a/", "A", comment(1, "")), "\n   ");
    const before = await snapshot();
    const error = await expectError(
      await importAs("wxr", text.replace("UTF-8", "ISO-8859-1")),
      400,
      "invalid_import",
    );
    expect(error.message).toBe(
      "The file is not UTF-8: line 2, column 46 (byte 47): it declares the encoding ISO-8859-1: Confab reads UTF-8 (convert it first). Nothing was imported.",
    );
    expect(await snapshot()).toBe(before);
    expect(await (await importAs("wxr", text)).json()).toMatchObject({ comments: 1, errors: [] });
  });
});

describe("Disqus references", () => {
  it("name threads and parents by attribute or by <id> text, posts without dsq:id, dates without Z", async () => {
    // The corner cases of Disqus's own help-centre example, which imported none of its posts.
    const text = `<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="2"><id>page-1</id><link/><title/><createdAt>2012-12-12T12:12:12</createdAt></thread>
<thread dsq:id="3"><id>page-2</id><link>https://blog.example.com/two/</link></thread>
<post dsq:id="1"><id>p1</id><message>root</message><thread>page-1</thread><createdAt>2012-12-12T12:12:12</createdAt><author><name>A</name></author></post>
<post dsq:id="2"><message>by attribute</message><parent dsq:id="1">p1</parent><thread>page-1</thread><createdAt>2012-12-12T12:12:13</createdAt></post>
<post><id>p3</id><message>by text</message><parent>p1</parent><thread dsq:id="2"/><createdAt>2012-12-12T12:12:14</createdAt></post>
<post><id>p4</id><message>other page</message><thread>3</thread><createdAt>2012-12-12T12:12:15Z</createdAt></post>
</disqus>`;
    expect(await (await importAs("disqus", text)).json()).toEqual({
      threads: 2,
      comments: 4,
      skipped: 0,
      errors: [],
    });
    const got = (
      await env.DB.prepare(
        `SELECT c.source_id AS source, p.source_id AS parent, t.page_key AS page, c.created_at AS at
         FROM comments c JOIN threads t ON t.id = c.thread_id LEFT JOIN comments p ON p.id = c.parent_id ORDER BY c.created_at`,
      ).all()
    ).results;
    expect(got).toEqual([
      { source: "disqus:1", parent: null, page: "id:page-1", at: "2012-12-12T12:12:12.000Z" },
      { source: "disqus:2", parent: "disqus:1", page: "id:page-1", at: "2012-12-12T12:12:13.000Z" },
      { source: "disqus:id:p3", parent: "disqus:1", page: "id:page-1", at: "2012-12-12T12:12:14.000Z" },
      { source: "disqus:id:p4", parent: null, page: "/two", at: "2012-12-12T12:12:15.000Z" },
    ]);
  });
});

describe("a DTD's entities", () => {
  it("are never expanded: an external one reads no file, and is kept as written with a warning", async () => {
    const text = `<?xml version="1.0"?><!DOCTYPE disqus [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY big "boom">]>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t"><link>https://blog.example.com/x/</link><title>&xxe; &big;</title></thread>
<post dsq:id="p"><thread dsq:id="t"/><message>&lt;p&gt;&amp;xxe; &xxe;&lt;/p&gt;</message><createdAt>2024-01-01T12:00:00Z</createdAt>
<author><name>&xxe;</name></author></post></disqus>`;
    const res = await importAs("disqus", text);
    const answer = await res.text();
    expect(JSON.parse(answer)).toEqual({
      threads: 1,
      comments: 1,
      skipped: 0,
      errors: [
        {
          entry: "the DOCTYPE",
          reason: "declares entities (xxe, big); they are never expanded: each reference is kept as written",
        },
      ],
    });
    const stored =
      JSON.stringify(await rows()) +
      JSON.stringify(await env.DB.prepare("SELECT text, html FROM comments").all());
    expect(stored).toContain("&xxe; &big;");
    for (const text of [answer, stored]) {
      expect(text).not.toContain("root:");
      expect(text).not.toContain("boom");
    }
  });
});

describe("Confab rows", () => {
  const file = (
    comments: unknown[],
    threads: unknown[] = [
      {
        id: "t1",
        key: "/a",
        url: "https://blog.example.com/a",
        title: "A",
        locked: false,
        createdAt: "2024-01-01T00:00:00.000Z",
      },
    ],
  ) =>
    JSON.stringify({
      format: "confab-export",
      version: 1,
      site: { id: "blog", name: "Blog", origins: ["https://blog.example.com"] },
      threads,
      comments,
      bans: [],
    });
  const row = (id: string, over: Record<string, unknown>) => ({
    id,
    thread: "t1",
    parent: null,
    status: "approved",
    pinned: false,
    likes: 0,
    author: { name: "Ann", email: null, website: null, isModerator: false },
    text: `text ${id}`,
    createdAt: "2024-01-02T00:00:00.000Z",
    editedAt: null,
    moderationReasons: [],
    sourceId: null,
    ...over,
  });

  it("pass the API's rules, each refused row with its reason, never stored", async () => {
    const text = file([
      row("c1", {}),
      row("c2", { author: { name: "Eve", website: "javascript:alert(1)" } }),
      row("c3", { author: { name: "Eve", email: "nope" } }),
      row("c4", { author: { name: "x".repeat(81) } }),
      row("c5", { text: "" }),
      row("c6", { text: "a\u0000b" }),
      row("c7", { author: ["Eve"] }),
      row("c8", { status: "deleted", text: "", author: { name: "" } }),
      row("c9", { parent: "c404" }),
    ]);
    const result = (await (await importAs("confab", text)).json()) as any;
    expect(result.comments).toBe(3);
    expect(result.skipped).toBe(6);
    expect(result.errors).toEqual([
      { entry: "comment c2", reason: "author.website: invalid" },
      { entry: "comment c3", reason: "author.email: invalid" },
      { entry: "comment c4", reason: "author.name: too_long" },
      { entry: "comment c5", reason: "text: not a text the API accepts" },
      { entry: "comment c6", reason: "text: not a text the API accepts" },
      { entry: "comment c7", reason: "author: invalid" },
      { entry: "comment c9", reason: "its parent is not in the file (c404): imported at the top level" },
    ]);
    const all = await adminJson("/comments?site=blog&status=all");
    expect(all.comments.map((c: any) => c.id).sort()).toEqual(["c1", "c8", "c9"]);
    expect(JSON.stringify(await env.DB.prepare("SELECT * FROM comments").all())).not.toContain("javascript:");
  });

  it("refuse a thread whose URL is not http(s), and its comments with it", async () => {
    const text = file(
      [row("c1", {})],
      [
        {
          id: "t1",
          key: "/a",
          url: "javascript:alert(1)",
          title: "A",
          locked: false,
          createdAt: "2024-01-01T00:00:00.000Z",
        },
      ],
    );
    expect(await (await importAs("confab", text)).json()).toEqual({
      threads: 0,
      comments: 0,
      skipped: 1,
      errors: [
        { entry: "thread t1", reason: "url: not an http(s) URL" },
        { entry: "comment c1", reason: "missing thread" },
      ],
    });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM threads").first()).toEqual({ n: 0 });
  });
});
