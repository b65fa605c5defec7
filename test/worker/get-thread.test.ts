import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ARTICLE, addSite, api, BLOG, expectError, getThread, post, snapshot } from "./helpers.ts";

const q = (extra = "") => `site=blog&url=${encodeURIComponent(ARTICLE)}${extra}`;
const ids = (json: { comments: { id: string }[] }) => json.comments.map((c) => c.id);

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite();
});

describe("GET /api/v1/threads", () => {
  it("answers an empty page without writing anything", async () => {
    const before = await snapshot();
    const { res, json } = await getThread(q("&utm_source=x"));
    expect(res.status).toBe(200);
    expect(json).toEqual({
      site: {
        id: "blog",
        name: "Site blog",
        moderation: "none",
        requireName: false,
        requireEmail: false,
        editWindowSeconds: 900,
        maxLength: 10000,
        turnstileSiteKey: null,
        notifyReplies: true,
        posting: "anyone",
        signIn: [
          { method: "email", label: "Email" },
          { method: "passkey", label: "Passkey" },
        ],
        reactions: ["👍", "❤️", "😄", "🎉", "😮", "🤔"],
      },
      thread: {
        id: null,
        key: "/2024/05/hello-world",
        url: ARTICLE,
        title: null,
        locked: false,
        commentCount: 0,
        reactions: {},
      },
      comments: [],
      nextCursor: null,
    });
    expect(await snapshot()).toBe(before);
  });

  it("finds the same thread under a decorated URL", async () => {
    await post({ text: "one" });
    const decorated = `${BLOG}/2024/05/hello-world/index.html?utm_campaign=x#comment-1`;
    const { json } = await getThread(`site=blog&url=${encodeURIComponent(decorated)}`);
    expect(json.comments).toHaveLength(1);
  });

  it("serves no email, hash or source text", async () => {
    await post(
      { author: { name: "Ann", email: "ann@example.com" }, text: "*source*" },
      { "CF-Connecting-IP": "192.0.2.1" },
    );
    const raw = await (await api(`/api/v1/threads?${q()}`, { headers: { Origin: BLOG } })).text();
    expect(raw).not.toContain("ann@example.com");
    expect(raw).not.toContain("*source*");
    const row = await env.DB.prepare("SELECT network_hash, edit_token_hash FROM comments").first<any>();
    expect(raw).not.toContain(row.network_hash);
    expect(raw).not.toContain(row.edit_token_hash);
  });

  it("orders roots oldest, newest and top, with pinned roots first in every order", async () => {
    const a = (await post({ text: "a" })).json.comment.id;
    const b = (await post({ text: "b" })).json.comment.id;
    const c = (await post({ text: "c" })).json.comment.id;
    const reply = (await post({ text: "reply to a", parentId: a })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET likes = 5 WHERE id = ?1").bind(b).run();
    expect(ids((await getThread(q())).json)).toEqual([a, reply, b, c]);
    expect(ids((await getThread(q("&sort=newest"))).json)).toEqual([c, b, a, reply]);
    expect(ids((await getThread(q("&sort=top"))).json)).toEqual([b, c, a, reply]);
    await env.DB.prepare("UPDATE comments SET pinned = 1 WHERE id = ?1").bind(c).run();
    expect(ids((await getThread(q())).json)).toEqual([c, a, reply, b]);
    expect(ids((await getThread(q("&sort=top"))).json)).toEqual([c, b, a, reply]);
  });

  it("pages through roots with a cursor, without gaps or duplicates while comments arrive", async () => {
    const roots: string[] = [];
    for (let i = 0; i < 5; i++) roots.push((await post({ text: `root ${i}` })).json.comment.id);
    const first = (await getThread(q("&limit=2"))).json;
    expect(ids(first)).toEqual(roots.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    roots.push((await post({ text: "late" })).json.comment.id);
    const second = (await getThread(q(`&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`))).json;
    expect(ids(second)).toEqual(roots.slice(2, 4));
    const third = (await getThread(q(`&limit=2&cursor=${encodeURIComponent(second.nextCursor)}`))).json;
    expect(ids(third)).toEqual(roots.slice(4, 6));
    expect(third.nextCursor).toBeNull();
  });

  it("serves pinned roots first, once, and pages on through the others in every order", async () => {
    const roots: string[] = [];
    for (let i = 0; i < 5; i++) roots.push((await post({ text: `root ${i}` })).json.comment.id);
    await env.DB.prepare("UPDATE comments SET pinned = 1 WHERE id IN (?1, ?2)")
      .bind(roots[1], roots[3])
      .run();
    await env.DB.prepare("UPDATE comments SET likes = ?2 WHERE id = ?1").bind(roots[0], 9).run();
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor = "";
      for (let guard = 0; guard < 10; guard++) {
        const page = (
          await getThread(q(`&sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`))
        ).json;
        seen.push(...ids(page));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return seen;
    };
    const [r0, r1, r2, r3, r4] = roots;
    expect(await walk("oldest")).toEqual([r1, r3, r0, r2, r4]);
    expect(await walk("newest")).toEqual([r3, r1, r4, r2, r0]);
    expect(await walk("top")).toEqual([r3, r1, r0, r4, r2]);
  });

  it("inlines at most 100 replies per root", async () => {
    const root = (await post({ text: "busy" })).json.comment.id;
    const stmts = [];
    for (let i = 0; i < 105; i++) {
      const id = `zz${String(i).padStart(5, "0")}`;
      stmts.push(
        env.DB.prepare(
          `INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, status, avatar_seed, text, html,
             renderer_version, created_at, updated_at)
           SELECT ?1, thread_id, site_id, ?2, ?2, ?2 || '/' || ?1, 'approved', 'x', 't', '<p>t</p>', 1, ?3, ?3
           FROM comments WHERE id = ?2`,
        ).bind(id, root, new Date().toISOString()),
      );
    }
    await env.DB.batch(stmts);
    const { json } = await getThread(q());
    expect(json.comments).toHaveLength(101);
    expect(json.comments[0].id).toBe(root);
  });

  it("shows a deleted comment with replies as a placeholder and hides one without", async () => {
    const a = (await post({ author: { name: "Ann" }, text: "a" })).json.comment.id;
    const reply = (await post({ text: "r", parentId: a })).json.comment.id;
    const b = (await post({ text: "b" })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET status = 'deleted' WHERE id IN (?1, ?2)").bind(a, b).run();
    const { json } = await getThread(q());
    expect(ids(json)).toEqual([a, reply]);
    expect(json.comments[0]).toMatchObject({ status: "deleted", author: null, html: "" });
  });

  it("hides replies under a comment that is no longer shown", async () => {
    const a = (await post({ text: "a" })).json.comment.id;
    await post({ text: "r", parentId: a });
    await env.DB.prepare("UPDATE comments SET status = 'spam' WHERE id = ?1").bind(a).run();
    expect((await getThread(q())).json.comments).toEqual([]);
  });

  it("answers CORS for the site's origin and carries X-Request-Id", async () => {
    const { res } = await getThread(q());
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    expect(res.headers.get("Vary")).toContain("Origin");
    expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  const bad: [string, string, number, string, string | null][] = [
    ["no site", `url=${encodeURIComponent(ARTICLE)}`, 400, "validation_failed", "site"],
    ["no url or pageId", "site=blog", 400, "validation_failed", "url"],
    ["a non-http url", "site=blog&url=javascript:alert(1)", 400, "validation_failed", "url"],
    [
      "a url of another origin",
      `site=blog&url=${encodeURIComponent("https://evil.example/x")}`,
      400,
      "validation_failed",
      "url",
    ],
    ["an unknown sort", q("&sort=best"), 400, "validation_failed", "sort"],
    ["a zero limit", q("&limit=0"), 400, "validation_failed", "limit"],
    ["a limit over 200", q("&limit=201"), 400, "validation_failed", "limit"],
    ["a non-numeric limit", q("&limit=ten"), 400, "validation_failed", "limit"],
    ["a forged cursor", q("&cursor=' OR 1=1 --"), 400, "validation_failed", "cursor"],
    ["a non-UTF-8 cursor", q("&cursor=%FF%FE%80"), 400, "validation_failed", "cursor"],
    ["a cursor of the wrong shape", q("&cursor=1.2.3"), 400, "validation_failed", "cursor"],
    ["a negative limit", q("&limit=-5"), 400, "validation_failed", "limit"],
    ["an unknown site", `site=nope&url=${encodeURIComponent(ARTICLE)}`, 404, "unknown_site", null],
  ];
  for (const [what, query, status, code, field] of bad) {
    it(`answers ${status} ${code} for ${what}, writing nothing`, async () => {
      const before = await snapshot();
      const error = await expectError(
        await api(`/api/v1/threads?${query}`, { headers: { Origin: BLOG } }),
        status,
        code,
      );
      if (field) expect(Object.keys(error.fields ?? {})).toContain(field);
      expect(await snapshot()).toBe(before);
    });
  }

  it("answers 403 origin_not_allowed to another origin, without CORS allow", async () => {
    const res = await api(`/api/v1/threads?${q()}`, { headers: { Origin: "https://evil.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    await expectError(res, 403, "origin_not_allowed");
  });
});
