import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ARTICLE, addSite, api, BLOG, expectError, getThread, post, snapshot } from "./helpers.ts";

const net = (ip: string, ua = "Mozilla/5.0 test") => ({
  Origin: BLOG,
  "CF-Connecting-IP": ip,
  "User-Agent": ua,
  "Content-Type": "application/json",
});
// Reader ids as the widget makes them: 16 random bytes, base64url.
const READER_A = "rAAAAAAAAAAAAAAAAAAAAA";
const READER_B = "rBBBBBBBBBBBBBBBBBBBBB";
const like = (id: string, headers: Record<string, string>, reader = READER_A, method = "POST") =>
  api(`/api/v1/comments/${id}/like`, { method, headers, body: JSON.stringify({ reader }) });
const likes = async (id: string) =>
  env.DB.prepare("SELECT likes FROM comments WHERE id = ?1").bind(id).first<number>("likes");

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM rate_slots; DELETE FROM likes; DELETE FROM idempotency_keys; DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite();
});

describe("likes", () => {
  it("counts one like per reader (network and the widget's id), idempotently, and unlikes", async () => {
    const id = (await post({ text: "likeable" })).json.comment.id;
    expect(await (await like(id, net("198.51.100.7"))).json()).toEqual({ likes: 1, liked: true });
    expect(await (await like(id, net("198.51.100.7"))).json()).toEqual({ likes: 1, liked: true });
    // Same /24 and same id: the same reader, whatever the User-Agent says.
    expect(await (await like(id, net("198.51.100.99", "Another browser"))).json()).toEqual({
      likes: 1,
      liked: true,
    });
    expect(await (await like(id, net("203.0.113.5"))).json()).toEqual({ likes: 2, liked: true });
    expect(await (await like(id, net("198.51.100.7"), READER_B)).json()).toEqual({ likes: 3, liked: true });
    expect(await (await like(id, net("203.0.113.5"), READER_A, "DELETE")).json()).toEqual({
      likes: 2,
      liked: false,
    });
    expect(await (await like(id, net("203.0.113.5"), READER_A, "DELETE")).json()).toEqual({
      likes: 2,
      liked: false,
    });
    expect(await likes(id)).toBe(2);
    const stored = JSON.stringify(await env.DB.prepare("SELECT * FROM likes").all());
    expect(stored).not.toContain("198.51.100");
    expect(stored).not.toContain(READER_A);
  });

  it("does not count a new User-Agent per request as a new reader", async () => {
    const id = (await post({ text: "steer me" })).json.comment.id;
    for (let i = 0; i < 20; i++) await like(id, net("192.0.2.10", `Bot/${i}`));
    expect(await likes(id)).toBe(1);
  });

  it("limits like and unlike calls per network: at most 60 a minute, 429 with Retry-After", async () => {
    const id = (await post({ text: "farm" })).json.comment.id;
    const reader = (i: number) => `farm${String(i).padStart(18, "0")}`;
    const answers = await Promise.all(
      Array.from({ length: 70 }, (_, i) => like(id, net("192.0.2.77"), reader(i))),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const refused = answers.find((r) => r.status === 429) as Response;
    await expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await likes(id)).toBe(60);
    // Another network is not affected.
    expect((await like(id, net("203.0.113.9"))).status).toBe(200);
  });

  it("requires a JSON body naming the reader, changing nothing without one", async () => {
    const id = (await post({ text: "x" })).json.comment.id;
    const before = await snapshot();
    const url = `/api/v1/comments/${id}/like`;
    const { "Content-Type": _, ...noType } = net("192.0.2.1");
    await expectError(await api(url, { method: "POST", headers: noType }), 415, "unsupported_media_type");
    await expectError(
      await api(url, { method: "POST", headers: net("192.0.2.1"), body: "{" }),
      400,
      "invalid_json",
    );
    for (const body of [
      {},
      { reader: "short" },
      { reader: 42 },
      { reader: ["rAAAAAAAAAAAAAAAAAAAAA"] },
      { reader: "bad id with spaces!!" },
    ]) {
      const res = await api(url, { method: "POST", headers: net("192.0.2.1"), body: JSON.stringify(body) });
      expect((await expectError(res, 400, "validation_failed")).fields).toHaveProperty("reader");
    }
    expect(await snapshot()).toBe(before);
  });

  it("feeds sort=top", async () => {
    const a = (await post({ text: "a" })).json.comment.id;
    const b = (await post({ text: "b" })).json.comment.id;
    await like(b, net("192.0.2.1"));
    const { json } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}&sort=top`);
    expect(json.comments.map((c: any) => c.id)).toEqual([b, a]);
    expect(json.comments[0].likes).toBe(1);
  });

  it("refuses likes on a pending, deleted or unknown comment, changing nothing", async () => {
    await addSite("blog", [BLOG], "all");
    const pending = (await post({ text: "held" })).json.comment.id;
    await addSite("blog", [BLOG], "none");
    const gone = (await post({ text: "gone" })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET status = 'deleted' WHERE id = ?1").bind(gone).run();
    const before = await snapshot();
    for (const id of [pending, gone, "unknown", "bad!id"]) {
      await expectError(await like(id, net("192.0.2.1")), 404, "not_found");
      await expectError(await like(id, net("192.0.2.1"), READER_A, "DELETE"), 404, "not_found");
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses a like from another origin", async () => {
    const id = (await post({ text: "x" })).json.comment.id;
    const before = await snapshot();
    await expectError(
      await like(id, { ...net("192.0.2.1"), Origin: "https://evil.example" }),
      403,
      "origin_not_allowed",
    );
    expect(await snapshot()).toBe(before);
  });
});

describe("GET /api/v1/comments/:id/replies", () => {
  async function bigRoot(n: number) {
    const root = (await post({ text: "root" })).json.comment.id;
    const ids: string[] = [];
    let parent = root;
    for (let i = 0; i < n; i++) {
      // Every fifth reply starts a deeper branch, so depth-first order is exercised.
      const id = (await post({ text: `r${i}`, parentId: i % 5 === 4 ? parent : root })).json.comment.id;
      ids.push(id);
      if (i % 5 === 4) parent = id;
    }
    return { root, ids };
  }

  it("pages through the rest of a subtree after the inlined replies, depth-first, without gaps", async () => {
    const { root } = await bigRoot(112);
    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(page.comments).toHaveLength(101);
    const inlined = page.comments.slice(1).map((c: any) => c.id);
    const all = (
      await env.DB.prepare("SELECT id FROM comments WHERE root_id = ?1 AND id != ?1 ORDER BY path")
        .bind(root)
        .all()
    ).results.map((r: any) => r.id);
    expect(inlined).toEqual(all.slice(0, 100));

    const rest: string[] = [];
    let cursor = inlined.at(-1);
    for (let guard = 0; guard < 10 && cursor; guard++) {
      const res = await api(`/api/v1/comments/${root}/replies?limit=5&cursor=${cursor}`, {
        headers: { Origin: BLOG },
      });
      const body = (await res.json()) as any;
      rest.push(...body.comments.map((c: any) => c.id));
      cursor = body.nextCursor;
    }
    expect(rest).toEqual(all.slice(100));
  });

  it("serves a whole subtree without a cursor", async () => {
    const root = (await post({ text: "root" })).json.comment.id;
    const child = (await post({ text: "child", parentId: root })).json.comment.id;
    const grandchild = (await post({ text: "grandchild", parentId: child })).json.comment.id;
    await post({ text: "other root" });
    const res = await api(`/api/v1/comments/${child}/replies`, { headers: { Origin: BLOG } });
    expect(((await res.json()) as any).comments.map((c: any) => c.id)).toEqual([grandchild]);
    const all = await api(`/api/v1/comments/${root}/replies`, { headers: { Origin: BLOG } });
    expect(((await all.json()) as any).comments.map((c: any) => c.id)).toEqual([child, grandchild]);
  });

  it("refuses malformed, foreign and non-UTF-8 cursors and bad limits", async () => {
    const root = (await post({ text: "root" })).json.comment.id;
    const other = (await post({ text: "other" })).json.comment.id;
    for (const query of [
      `cursor=${other}`,
      "cursor=%FF%FE",
      "cursor=' OR 1=1",
      "limit=0",
      "limit=-1",
      "limit=201",
    ]) {
      const res = await api(`/api/v1/comments/${root}/replies?${query}`, { headers: { Origin: BLOG } });
      await expectError(res, 400, "validation_failed");
    }
    await expectError(
      await api("/api/v1/comments/nope/replies", { headers: { Origin: BLOG } }),
      404,
      "not_found",
    );
  });
});
