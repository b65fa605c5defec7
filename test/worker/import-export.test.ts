// Importers (WordPress WXR, Confab JSON) and the lossless export: the seed discussion imports
// threaded as in its file, a second import adds nothing, and export → import into an empty
// database → export gives the same file.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { parseWxr } from "../../worker/src/import/wxr-parse.ts";
import seedWxr from "../fixtures/seed-post.wxr?raw";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  getThread,
  post,
  postJson,
  READER,
  RESET_SQL,
  signedIn,
  snapshot,
} from "./helpers.ts";

const DEMO_URL = "http://localhost:8787/2011/04/01/late-night-libya-update-defections-and-secret-talks/";
const importAs = (site: string, format: string, body: string, extra = "") =>
  admin(`/import?site=${site}&format=${format}${extra}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "text/plain" },
  });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("demo", ["http://localhost:*"]);
  await addSite();
});

describe("WordPress import", () => {
  it("imports the seed post and its 16 comments threaded as in the file, and adds nothing the second time", async () => {
    const first = await (await importAs("demo", "wxr", seedWxr)).json();
    expect(first).toEqual({ threads: 1, comments: 16, skipped: 0, errors: [] });
    const res = await api(`/api/v1/threads?site=demo&url=${encodeURIComponent(DEMO_URL)}`);
    const page = (await res.json()) as any;
    expect(page.thread.commentCount).toBe(16);
    // The export's title has a no-break space inside the quotes, kept as it is.
    expect(page.thread.title).toBe("Late Night Libya Update: Defections and \u201cSecret\u00a0Talks\u201d");
    const names = page.comments.map((c: any) => c.author.name);
    expect(names.slice(0, 3)).toEqual(["WomanVoter", "bostonboomer", "WomanVoter"]);
    const byId = new Map(page.comments.map((c: any) => [c.id, c]));
    const depth = (c: any): number => (c.parentId ? 1 + depth(byId.get(c.parentId)) : 0);
    expect(Math.max(...page.comments.map(depth))).toBe(2);
    expect(page.comments.find((c: any) => c.html.includes("<blockquote>"))).toBeTruthy();

    const before = await snapshot();
    const second = await (await importAs("demo", "wxr", seedWxr)).json();
    expect(second).toMatchObject({ threads: 0, comments: 0, skipped: 16 });
    expect((await snapshot()).replace(/"audit_log":.*$/, "")).toBe(before.replace(/"audit_log":.*$/, ""));
  });

  it("maps states (trash a placeholder), skips pingbacks, reports malformed entries, keeps orphans, locks closed posts, rewrites URLs", async () => {
    const c = (id: number, parent: number, extra: string) =>
      `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[A${id}]]></wp:comment_author>
       <wp:comment_content><![CDATA[Text <strong>${id}</strong>]]></wp:comment_content><wp:comment_parent>${parent}</wp:comment_parent>${extra}</wp:comment>`;
    const ok =
      "<wp:comment_date_gmt>2020-01-02 03:04:05</wp:comment_date_gmt><wp:comment_type>comment</wp:comment_type>";
    const wxr = `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Old post</title><link>https://old.example/p/1/</link>
      <wp:comment_status>closed</wp:comment_status>
      ${c(1, 0, `${ok}<wp:comment_approved>1</wp:comment_approved>`)}
      ${c(2, 1, `${ok}<wp:comment_approved>0</wp:comment_approved>`)}
      ${c(3, 0, `${ok}<wp:comment_approved>spam</wp:comment_approved>`)}
      ${c(4, 0, `${ok}<wp:comment_approved>trash</wp:comment_approved>`)}
      ${c(5, 0, "<wp:comment_date_gmt>2020-01-02 03:04:05</wp:comment_date_gmt><wp:comment_type>pingback</wp:comment_type><wp:comment_approved>1</wp:comment_approved>")}
      ${c(6, 0, "<wp:comment_date_gmt>not a date</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved>")}
      ${c(7, 99, `${ok}<wp:comment_approved>1</wp:comment_approved>`)}
      </item></channel></rss>`;
    const result = await (
      await importAs(
        "blog",
        "wxr",
        wxr,
        `&map=${encodeURIComponent("https://old.example=https://blog.example.com")}`,
      )
    ).json();
    expect(result).toMatchObject({ threads: 1, comments: 6, skipped: 1 });
    expect((result as any).errors).toEqual([
      {
        entry: "comment wxr:https://old.example/p/1/#comment-6",
        reason: "no usable date: dated as its post",
      },
      {
        entry: "comment wxr:https://old.example/p/1/#comment-7",
        reason:
          "its parent is not in the file (wxr:https://old.example/p/1/#comment-99): imported at the top level",
      },
    ]);
    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(`${BLOG}/p/1/`)}`);
    expect(page.thread.locked).toBe(true);
    // The trashed comment is a placeholder with nothing under it, so it is not shown.
    expect(page.comments.map((x: any) => [x.html, x.parentId, x.createdAt]).sort()).toEqual([
      ["<p>Text <strong>1</strong></p>", null, "2020-01-02T03:04:05.000Z"],
      ["<p>Text <strong>6</strong></p>", null, "2020-01-02T03:04:05.000Z"],
      ["<p>Text <strong>7</strong></p>", null, "2020-01-02T03:04:05.000Z"],
    ]);
    const all = await adminJson("/comments?site=blog&status=all");
    expect(all.comments.map((x: any) => [x.author.name, x.status]).sort()).toEqual([
      ["", "deleted"],
      ["A1", "approved"],
      ["A2", "pending"],
      ["A3", "spam"],
      ["A6", "approved"],
      ["A7", "approved"],
    ]);
  });
});

describe("Disqus import", () => {
  /** The seed discussion written as a Disqus export, so both importers can be compared. */
  function seedAsDisqus(): string {
    const [post] = parseWxr(seedWxr);
    const iso = (d: string) => `${d.replace(" ", "T")}Z`;
    const posts = (post?.comments ?? []).map(
      (c) => `<post dsq:id="${c.id}"><id /><message><![CDATA[${c.content}]]></message>
        <createdAt>${iso(c.dateGmt)}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
        <author><name>${c.author}</name><isAnonymous>true</isAnonymous></author>
        <thread dsq:id="t1" />${c.parent !== "0" ? `<parent dsq:id="${c.parent}" />` : ""}</post>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <thread dsq:id="t1"><link>${post?.link}</link><title>${post?.title}</title><createdAt>2011-04-01T05:41:00Z</createdAt>
      <isClosed>false</isClosed><isDeleted>false</isDeleted></thread>${posts.join("")}</disqus>`;
  }

  it("imports the same discussion threaded exactly like the WordPress importer, once", async () => {
    expect(await (await importAs("demo", "disqus", seedAsDisqus())).json()).toEqual({
      threads: 1,
      comments: 16,
      skipped: 0,
      errors: [],
    });
    const fromDisqus = (await (
      await api(`/api/v1/threads?site=demo&url=${encodeURIComponent(DEMO_URL)}`)
    ).json()) as any;
    await env.DB.exec(RESET_SQL);
    await addSite("demo", ["http://localhost:*"]);
    await importAs("demo", "wxr", seedWxr);
    const fromWp = (await (
      await api(`/api/v1/threads?site=demo&url=${encodeURIComponent(DEMO_URL)}`)
    ).json()) as any;
    const shape = (page: any) => {
      const index = new Map(page.comments.map((c: any, i: number) => [c.id, i]));
      return page.comments.map((c: any) => [
        c.author.name,
        c.html,
        c.parentId ? index.get(c.parentId) : null,
      ]);
    };
    expect(shape(fromDisqus)).toEqual(shape(fromWp));
  });

  it("maps isClosed, isDeleted and isSpam, and reports posts of unknown threads", async () => {
    const xml = `<disqus xmlns:dsq="http://disqus.com/disqus-internals">
      <thread dsq:id="9"><link>https://blog.example.com/closed/</link><title>Closed</title><isClosed>true</isClosed></thread>
      <post dsq:id="1"><message><![CDATA[<p>root</p>]]></message><createdAt>2020-01-01T00:00:00Z</createdAt>
        <isDeleted>true</isDeleted><isSpam>false</isSpam><author><name>Gone</name><email>g@example.com</email></author><thread dsq:id="9" /></post>
      <post dsq:id="2"><message><![CDATA[<p>reply</p>]]></message><createdAt>2020-01-02T00:00:00Z</createdAt>
        <isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Ann</name></author><thread dsq:id="9" /><parent dsq:id="1" /></post>
      <post dsq:id="3"><message><![CDATA[<p>buy</p>]]></message><createdAt>2020-01-03T00:00:00Z</createdAt>
        <isDeleted>false</isDeleted><isSpam>true</isSpam><author><name>Bot</name></author><thread dsq:id="9" /></post>
      <post dsq:id="4"><message>x</message><createdAt>2020-01-03T00:00:00Z</createdAt><thread dsq:id="404" /></post>
    </disqus>`;
    const result = (await (await importAs("blog", "disqus", xml)).json()) as any;
    expect(result).toMatchObject({ threads: 1, comments: 3, skipped: 1 });
    expect(result.errors).toEqual([{ entry: "post 4", reason: "missing thread" }]);
    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(`${BLOG}/closed/`)}`);
    expect(page.thread).toMatchObject({ locked: true, commentCount: 1 });
    expect(page.comments.map((c: any) => [c.status, c.author?.name ?? null, c.html])).toEqual([
      ["deleted", null, ""],
      ["approved", "Ann", "<p>reply</p>"],
    ]);
    const row = await env.DB.prepare(
      "SELECT author_email, text FROM comments WHERE source_id = 'disqus:1'",
    ).first<any>();
    expect(row).toEqual({ author_email: null, text: "" });
  });
});

describe("Confab export and import", () => {
  it("round-trips: export → import into an empty database → export gives the same file", async () => {
    const root = (
      await post({
        author: { name: "Ann", email: "ann@example.com", website: "https://ann.example" },
        text: "**root**",
      })
    ).json.comment.id;
    const reply = (await post({ author: { name: "Bob" }, text: "reply", parentId: root })).json.comment.id;
    await post({ text: "deeper", parentId: reply });
    await post({ url: `${BLOG}/second`, title: "Second", text: "other page" });
    await postJson(`/api/v1/comments/${root}/like`, { reader: READER });
    await adminJson(`/comments/${reply}`, { method: "PATCH", body: { pinned: true } });
    const spam = (await post({ text: "buy now" })).json.comment.id;
    await adminJson(`/comments/${spam}`, { method: "PATCH", body: { status: "spam" } });
    await adminJson("/bans", {
      method: "POST",
      body: { site: "blog", kind: "email", value: "troll@example.com", reason: "r" },
    });
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: { moderation: "links", blockedWords: ["casino"], maxLinks: 3 },
    });

    const exported = await admin("/export?site=blog");
    expect(exported.headers.get("Content-Disposition")).toContain("confab-blog.json");
    const file = await exported.text();
    const parsed = JSON.parse(file);
    expect(parsed).toMatchObject({
      format: "confab-export",
      version: 1,
      site: { id: "blog", moderation: "links" },
    });
    expect(parsed.comments).toHaveLength(5);
    expect(parsed.threads).toHaveLength(2);

    await env.DB.exec(RESET_SQL);
    const result = await (await importAs("blog", "confab", file)).json();
    expect(result).toEqual({ threads: 2, comments: 5, skipped: 0, errors: [] });
    expect(await (await admin("/export?site=blog")).text()).toBe(file);
    // The imported thread reads as before, counts included.
    const { json: page } = await getThread(
      `site=blog&url=${encodeURIComponent("https://blog.example.com/2024/05/hello-world/")}`,
    );
    expect(page.thread.commentCount).toBe(3);
    expect(page.comments[0]).toMatchObject({ id: root, likes: 1, html: "<p><strong>root</strong></p>" });
    // And a second import adds nothing.
    expect(await (await importAs("blog", "confab", file)).json()).toMatchObject({
      threads: 0,
      comments: 0,
      skipped: 5,
    });
  });

  it("carries how signed-in authors were verified: the mark moves with the site, the identity does not", async () => {
    const ada = await signedIn("blog", { kind: "github", subject: "42", name: "Ada", email: null });
    const bob = await signedIn("blog", { name: "Bob", email: "bob@example.org" });
    const byAda = (await post({ text: "signed by GitHub" }, { Authorization: `Bearer ${ada.token}` })).json;
    const byBob = (await post({ text: "signed by email" }, { Authorization: `Bearer ${bob.token}` })).json;
    const anonymous = (await post({ author: { name: "Cy" }, text: "anonymous" })).json;
    const file = await (await admin("/export?site=blog")).text();
    const verifiedIn = (comments: { id: string; author: { verified: unknown } }[]) =>
      Object.fromEntries(comments.map((c) => [c.id, c.author.verified]));
    const marks = { [byAda.comment.id]: "github", [byBob.comment.id]: "email", [anonymous.comment.id]: null };
    expect(verifiedIn(JSON.parse(file).comments)).toEqual(marks);
    // Identities are not exported: no id, subject or session of theirs is in the file.
    expect(file).not.toContain(ada.identity.id);
    expect(file).not.toContain(bob.identity.id);

    await env.DB.exec(RESET_SQL);
    expect(await (await importAs("blog", "confab", file)).json()).toMatchObject({ comments: 3, errors: [] });
    expect(await (await admin("/export?site=blog")).text()).toBe(file);
    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(verifiedIn(page.comments)).toEqual(marks);
    const linked = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM comments WHERE identity_id IS NOT NULL",
    ).first("n");
    expect(linked).toBe(0);
    // Signing in again with the same proof makes a new identity, which the imported comment is not.
    const again = await signedIn("blog", { kind: "github", subject: "42", name: "Ada", email: null });
    const edit = await api(`/api/v1/comments/${byAda.comment.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${again.token}`, Origin: BLOG, "Content-Type": "application/json" },
      body: JSON.stringify({ text: "mine?" }),
    });
    await expectError(edit, 403, "forbidden");
  });

  it("reads a file without marks as anonymous comments, and refuses a mark it does not know", async () => {
    await post({ author: { name: "Ann" }, text: "one" });
    const second = (await post({ author: { name: "Bob" }, text: "two" })).json.comment.id;
    const file = JSON.parse(await (await admin("/export?site=blog")).text());
    await env.DB.exec(RESET_SQL);
    const older = structuredClone(file);
    for (const c of older.comments) delete c.author.verified;
    expect(await (await importAs("blog", "confab", JSON.stringify(older))).json()).toMatchObject({
      comments: 2,
      errors: [],
    });
    const stored = await env.DB.prepare("SELECT author_verified FROM comments").all();
    expect(stored.results.map((r) => r.author_verified)).toEqual([null, null]);

    await env.DB.exec(RESET_SQL);
    const forged = structuredClone(file);
    forged.comments.find((c: { id: string }) => c.id === second).author.verified = "twitter";
    expect(await (await importAs("blog", "confab", JSON.stringify(forged))).json()).toEqual({
      threads: 1,
      comments: 1,
      skipped: 1,
      errors: [{ entry: `comment ${second}`, reason: "author.verified: invalid" }],
    });
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE id = ?1").bind(second).first("n"),
    ).toBe(0);
  });

  it("refuses bad imports, changing nothing", async () => {
    const before = await snapshot();
    await expectError(await importAs("blog", "disqus-v9", "x"), 400, "validation_failed");
    await expectError(await importAs("blog", "", "x"), 400, "validation_failed");
    await expectError(await importAs("blog", "confab", "{not json"), 400, "invalid_json");
    await expectError(
      await importAs("blog", "confab", '{"format":"other","version":1}'),
      400,
      "validation_failed",
    );
    await expectError(await importAs("nope", "wxr", seedWxr), 404, "not_found");
    await expectError(await importAs("blog", "wxr", seedWxr, "&map=javascript:x"), 400, "validation_failed");
    await expectError(await admin("/export?site=nope"), 404, "not_found");
    expect(await snapshot()).toBe(before);
  });

  it("keeps a moderator to its own sites", async () => {
    const { token } = await adminJson("/tokens", {
      method: "POST",
      body: { label: "demo mod", sites: ["demo"] },
    });
    await expectError(await admin("/export?site=blog", { token }), 404, "not_found");
    const res = await admin("/import?site=blog&format=wxr", {
      method: "POST",
      token,
      body: seedWxr,
      headers: { "Content-Type": "text/plain" },
    });
    await expectError(res, 404, "not_found");
  });
});
