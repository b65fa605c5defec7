import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { setThreadLocked } from "../../worker/src/db/threads.ts";
import {
  ARTICLE,
  addSite,
  api,
  BLOG,
  expectError,
  getThread,
  post,
  postJson,
  signedIn,
  snapshot,
} from "./helpers.ts";

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite();
});

describe("POST /api/v1/comments: writing", () => {
  it("creates the thread with its URL and title, and answers 201 with the public comment", async () => {
    const { res, json } = await post({ title: "Hello world", author: { name: "Ann" }, text: "Hi **there**" });
    expect(res.status).toBe(201);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    expect(json.comment).toMatchObject({
      parentId: null,
      status: "approved",
      author: { name: "Ann", website: null, isModerator: false },
      likes: 0,
      replyCount: 0,
      editedAt: null,
    });
    expect(json.comment.html).toContain("<strong>there</strong>");
    expect(json.editToken.length).toBeGreaterThan(30);
    expect(Date.parse(json.editableUntil) - Date.now()).toBeGreaterThan(800_000);

    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(page.thread).toMatchObject({ key: "/2024/05/hello-world", url: ARTICLE, title: "Hello world" });
    expect(page.thread.commentCount).toBe(1);
    expect(page.comments.map((c: { id: string }) => c.id)).toEqual([json.comment.id]);
  });

  it("stores only the SHA-256 of the edit token, and the source text beside the rendered html", async () => {
    const { json } = await post({ text: "plain *text*" });
    const row = await env.DB.prepare("SELECT * FROM comments WHERE id = ?1")
      .bind(json.comment.id)
      .first<any>();
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(json.editToken));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(row.edit_token_hash).toBe(hex);
    expect(JSON.stringify(row)).not.toContain(json.editToken);
    expect(row.text).toBe("plain *text*");
    expect(row.html).toBe("<p>plain <em>text</em></p>");
    expect(row.renderer_version).toBe(1);
  });

  it("keeps the email private and stores a network hash instead of the address", async () => {
    const { json } = await post(
      { author: { name: "Ann", email: "Ann@Example.com", website: "https://ann.example" }, text: "hello" },
      { "CF-Connecting-IP": "203.0.113.77" },
    );
    const body = JSON.stringify(json);
    expect(body).not.toMatch(/ann@example\.com/i);
    expect(json.comment.author?.name).toBe("Ann");
    const row = await env.DB.prepare("SELECT * FROM comments WHERE id = ?1")
      .bind(json.comment.id)
      .first<any>();
    expect(row.author_email).toBe("ann@example.com");
    expect(row.network_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain("203.0.113");
  });

  it("gives the same network hash to addresses of one /24 and a different one elsewhere", async () => {
    const a = (await post({ text: "a" }, { "CF-Connecting-IP": "198.51.100.1" })).json.comment.id;
    const b = (await post({ text: "b" }, { "CF-Connecting-IP": "198.51.100.200" })).json.comment.id;
    const c = (await post({ text: "c" }, { "CF-Connecting-IP": "198.51.101.1" })).json.comment.id;
    const hash = async (id: string) =>
      (await env.DB.prepare("SELECT network_hash FROM comments WHERE id = ?1").bind(id).first<any>())
        .network_hash;
    expect(await hash(a)).toBe(await hash(b));
    expect(await hash(a)).not.toBe(await hash(c));
  });

  it("nests replies at any depth and keeps them in depth-first order, oldest first", async () => {
    const root = (await post({ text: "root" })).json.comment.id;
    const r1 = (await post({ text: "reply 1", parentId: root })).json.comment.id;
    const r11 = (await post({ text: "reply 1.1", parentId: r1 })).json.comment.id;
    const r111 = (await post({ text: "reply 1.1.1", parentId: r11 })).json.comment;
    const r2 = (await post({ text: "reply 2", parentId: root })).json.comment.id;
    const root2 = (await post({ text: "root 2" })).json.comment.id;
    expect(r111.parentId).toBe(r11);

    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(page.comments.map((c: { id: string }) => c.id)).toEqual([root, r1, r11, r111.id, r2, root2]);
    expect(page.comments.map((c: { parentId: string }) => c.parentId)).toEqual([
      null,
      root,
      r1,
      r11,
      root,
      null,
    ]);
    expect(page.thread.commentCount).toBe(6);
    expect(page.comments[0].replyCount).toBe(2);
    expect(page.comments[1].replyCount).toBe(1);
  });

  it("accepts a pageId instead of a URL and keys the thread by it", async () => {
    const { res } = await post({ url: undefined, pageId: "post-42", text: "by id" });
    expect(res.status).toBe(201);
    const { json: page } = await getThread("site=blog&pageId=post-42");
    expect(page.thread.key).toBe("id:post-42");
    expect(page.comments).toHaveLength(1);
  });

  it("holds every comment for moderation in mode all: pending to the author, absent for readers", async () => {
    await addSite("blog", [BLOG], "all");
    const { res, json } = await post({ text: "held" });
    expect(res.status).toBe(201);
    expect(json.comment.status).toBe("pending");
    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(page.comments).toEqual([]);
    expect(page.thread.commentCount).toBe(0);
    const row = await env.DB.prepare("SELECT moderation_reasons FROM comments").first<any>();
    expect(JSON.parse(row.moderation_reasons)).toHaveLength(1);
  });

  it("holds only comments with links in mode links", async () => {
    await addSite("blog", [BLOG], "links");
    expect((await post({ text: "no links here" })).json.comment.status).toBe("approved");
    expect((await post({ text: "see https://spam.example" })).json.comment.status).toBe("pending");
  });

  it("holds an author's first comment in mode first; only a signed-in author's approval counts", async () => {
    await addSite("blog", [BLOG], "first");
    const { token } = await signedIn("blog", { email: "new@example.com" });
    const auth = { Authorization: `Bearer ${token}` };
    const first = await post({ text: "first" }, auth);
    expect(first.json.comment.status).toBe("pending");
    await env.DB.prepare("UPDATE comments SET status = 'approved'").run();
    const second = await post({ text: "second" }, auth);
    expect(second.json.comment.status).toBe("approved");
    // The same address typed into an anonymous comment proves nothing: held.
    const forged = await post({ author: { email: "new@example.com" }, text: "third" });
    expect(forged.json.comment.status).toBe("pending");
  });

  it("counts text length in characters, so 10,000 emoji fit", async () => {
    const { res } = await post({ text: "😀".repeat(10_000) });
    expect(res.status).toBe(201);
  });

  it("accepts application/json with a charset parameter", async () => {
    const res = await postJson(
      "/api/v1/comments",
      { site: "blog", url: ARTICLE, text: "x" },
      { "Content-Type": "application/json; charset=utf-8" },
    );
    expect(res.status).toBe(201);
  });

  it("accepts a request without Origin (server-to-server)", async () => {
    const res = await postJson("/api/v1/comments", { site: "blog", url: ARTICLE, text: "x" }, { Origin: "" });
    expect(res.status).toBe(201);
  });
});

describe("POST /api/v1/comments: refusals write nothing", () => {
  const valid = { site: "blog", url: ARTICLE, text: "hello" };

  async function refused(res: Response, status: number, code: string, before: string) {
    const error = await expectError(res, status, code);
    expect(await snapshot()).toBe(before);
    return error;
  }

  it("415 without a JSON content type", async () => {
    const before = await snapshot();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]) {
      const res = await postJson("/api/v1/comments", valid, { "Content-Type": type });
      await refused(res, 415, "unsupported_media_type", before);
    }
  });

  it("413 over 64 KiB, declared or not", async () => {
    const before = await snapshot();
    const big = JSON.stringify({ ...valid, text: "x".repeat(70_000) });
    await refused(await postJson("/api/v1/comments", big), 413, "payload_too_large", before);
    // Streamed, so no Content-Length announces the size: the limit must hold while reading.
    const res = await api("/api/v1/comments", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BLOG },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    await refused(res, 413, "payload_too_large", before);
  });

  it("400 invalid_json for a body that does not parse", async () => {
    const before = await snapshot();
    for (const body of ["{", "not json", "{'a':1}", '{"site":"blog",}', ""]) {
      await refused(await postJson("/api/v1/comments", body), 400, "invalid_json", before);
    }
  });

  const invalid: [string, unknown, string, string][] = [
    ["an array body", [valid], "body", "invalid"],
    ["a string body", '"text"', "body", "invalid"],
    ["no text", { ...valid, text: undefined }, "text", "required"],
    ["blank text", { ...valid, text: "   \n\t " }, "text", "required"],
    ["text of the wrong type", { ...valid, text: 42 }, "text", "invalid"],
    ["text over 10,000 characters", { ...valid, text: "a".repeat(10_001) }, "text", "too_long"],
    ["10,001 emoji", { ...valid, text: "😀".repeat(10_001) }, "text", "too_long"],
    ["a lone surrogate", { ...valid, text: "bad \ud800 text" }, "text", "invalid"],
    ["no site", { ...valid, site: undefined }, "site", "required"],
    ["neither url nor pageId", { ...valid, url: undefined }, "url", "required"],
    ["a javascript: url", { ...valid, url: "javascript:alert(1)" }, "url", "invalid"],
    ["a relative url", { ...valid, url: "/post" }, "url", "invalid"],
    ["a url over 2,048", { ...valid, url: `${BLOG}/${"a".repeat(2_100)}` }, "url", "too_long"],
    ["a title over 300", { ...valid, title: "t".repeat(301) }, "title", "too_long"],
    ["a name over 80", { ...valid, author: { name: "n".repeat(81) } }, "author.name", "too_long"],
    ["a bad email", { ...valid, author: { email: "not-an-email" } }, "author.email", "invalid"],
    [
      "an email over 254",
      { ...valid, author: { email: `${"e".repeat(250)}@x.io` } },
      "author.email",
      "too_long",
    ],
    [
      "a javascript: website",
      { ...valid, author: { website: "javascript:alert(1)" } },
      "author.website",
      "invalid",
    ],
    [
      "a website over 2,048",
      { ...valid, author: { website: `https://a.io/${"w".repeat(2_050)}` } },
      "author.website",
      "too_long",
    ],
    ["author of the wrong type", { ...valid, author: "Ann" }, "author", "invalid"],
    ["a parentId of the wrong type", { ...valid, parentId: 7 }, "parentId", "invalid"],
    ["elapsedMs of the wrong type", { ...valid, elapsedMs: "fast" }, "elapsedMs", "invalid"],
    ["notifyReplies of the wrong type", { ...valid, notifyReplies: "yes" }, "notifyReplies", "invalid"],
    ["a page URL on another origin", { ...valid, url: "https://evil.example/post" }, "url", "invalid"],
    ["a look-alike page URL", { ...valid, url: "https://blog.example.com.evil.net/post" }, "url", "invalid"],
  ];
  for (const [what, body, field, code] of invalid) {
    it(`400 validation_failed for ${what}`, async () => {
      const before = await snapshot();
      const res = await postJson("/api/v1/comments", typeof body === "string" ? body : JSON.stringify(body));
      const error = await refused(res, 400, "validation_failed", before);
      expect(error.fields?.[field]).toBe(code);
    });
  }

  it("400 validation_failed for a name or email the site requires", async () => {
    await env.DB.prepare("UPDATE sites SET require_name = 1, require_email = 1").run();
    const before = await snapshot();
    const error = await refused(
      await postJson("/api/v1/comments", { ...valid, author: { name: "" } }),
      400,
      "validation_failed",
      before,
    );
    expect(error.fields).toEqual({ "author.name": "required", "author.email": "required" });
  });

  it("404 unknown_site", async () => {
    const before = await snapshot();
    await refused(
      await postJson("/api/v1/comments", { ...valid, site: "nope" }),
      404,
      "unknown_site",
      before,
    );
  });

  it("403 origin_not_allowed for a foreign, look-alike or null Origin, without CORS allow", async () => {
    await addSite("other", ["https://other.example"]);
    const before = await snapshot();
    for (const origin of [
      "https://evil.example",
      "https://blog.example.com.evil.net",
      "null",
      "https://other.example",
    ]) {
      const res = await postJson("/api/v1/comments", valid, { Origin: origin });
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      await refused(res, 403, "origin_not_allowed", before);
    }
  });

  it("400 parent_not_found for an unknown parent, one on another thread, or a held one", async () => {
    const other = (await post({ url: `${BLOG}/other`, text: "elsewhere" })).json.comment.id;
    await post({ text: "root here" });
    await addSite("blog", [BLOG], "all");
    const held = (await post({ text: "held" })).json.comment.id;
    await addSite("blog", [BLOG], "none");
    const before = await snapshot();
    for (const parentId of ["doesnotexist", other, held]) {
      await refused(
        await postJson("/api/v1/comments", { ...valid, parentId }),
        400,
        "parent_not_found",
        before,
      );
    }
  });

  it("400 parent_not_found for a reply on a page that has no thread yet", async () => {
    const other = (await post({ url: `${BLOG}/other`, text: "elsewhere" })).json.comment.id;
    const before = await snapshot();
    const res = await postJson("/api/v1/comments", { ...valid, url: `${BLOG}/fresh`, parentId: other });
    await refused(res, 400, "parent_not_found", before);
  });

  it("403 thread_locked on a locked thread, for roots and replies", async () => {
    const root = (await post({ text: "before the lock" })).json.comment.id;
    const thread = await env.DB.prepare("SELECT id FROM threads").first<{ id: string }>();
    await setThreadLocked(env.DB, thread?.id ?? "", true, new Date().toISOString());
    const before = await snapshot();
    await refused(await postJson("/api/v1/comments", valid), 403, "thread_locked", before);
    await refused(
      await postJson("/api/v1/comments", { ...valid, parentId: root }),
      403,
      "thread_locked",
      before,
    );
  });
});
