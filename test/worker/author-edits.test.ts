import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ARTICLE, addSite, api, BLOG, expectError, getThread, likeInit, post, snapshot } from "./helpers.ts";

const q = `site=blog&url=${encodeURIComponent(ARTICLE)}`;

function patch(id: string, token: string | null, body: unknown, headers: Record<string, string> = {}) {
  return api(`/api/v1/comments/${id}`, {
    method: "PATCH",
    headers: {
      "Content-Type": "application/json",
      Origin: BLOG,
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function del(id: string, token: string | null) {
  return api(`/api/v1/comments/${id}`, {
    method: "DELETE",
    headers: { Origin: BLOG, ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
  });
}

async function age(id: string, seconds: number) {
  const created = new Date(Date.now() - seconds * 1000).toISOString();
  await env.DB.prepare("UPDATE comments SET created_at = ?2 WHERE id = ?1").bind(id, created).run();
}

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM likes; DELETE FROM idempotency_keys; DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite();
});

describe("PATCH /api/v1/comments/:id", () => {
  it("re-renders the text and sets editedAt", async () => {
    const { json } = await post({ text: "first *version*" });
    const res = await patch(json.comment.id, json.editToken, { text: "second **version**" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.comment.html).toBe("<p>second <strong>version</strong></p>");
    expect(Date.parse(body.comment.editedAt)).toBeGreaterThan(0);
    const { json: page } = await getThread(q);
    expect(page.comments[0].html).toBe("<p>second <strong>version</strong></p>");
    expect(page.comments[0].editedAt).toBe(body.comment.editedAt);
    const row = await env.DB.prepare("SELECT text FROM comments").first<any>();
    expect(row.text).toBe("second **version**");
  });

  it("lets the author of a held comment edit it, and it stays held", async () => {
    await addSite("blog", [BLOG], "all");
    const { json } = await post({ text: "held" });
    const body = (await (
      await patch(json.comment.id, json.editToken, { text: "held, edited" })
    ).json()) as any;
    expect(body.comment.status).toBe("pending");
  });

  const refusals: [
    string,
    (id: string, token: string, other: string) => Promise<Response>,
    number,
    string,
  ][] = [
    ["no token", (id) => patch(id, null, { text: "x" }), 401, "unauthorized"],
    [
      "a malformed Authorization",
      (id) => patch(id, null, { text: "x" }, { Authorization: "Basic abc" }),
      401,
      "unauthorized",
    ],
    ["someone else's token", (id, _t, other) => patch(id, other, { text: "x" }), 403, "forbidden"],
    ["a made-up token", (id) => patch(id, "A".repeat(43), { text: "x" }), 403, "forbidden"],
    ["empty text", (id, t) => patch(id, t, { text: "  " }), 400, "validation_failed"],
    ["text over the limit", (id, t) => patch(id, t, { text: "x".repeat(10_001) }), 400, "validation_failed"],
    ["no text", (id, t) => patch(id, t, {}), 400, "validation_failed"],
    ["bad JSON", (id, t) => patch(id, t, "{"), 400, "invalid_json"],
    ["an unknown comment", (_id, t) => patch("doesnotexist", t, { text: "x" }), 404, "not_found"],
    ["an impossible id", (_id, t) => patch("../etc", t, { text: "x" }), 404, "not_found"],
    [
      "another origin",
      (id, t) => patch(id, t, { text: "x" }, { Origin: "https://evil.example" }),
      403,
      "origin_not_allowed",
    ],
  ];
  for (const [what, send, status, code] of refusals) {
    it(`answers ${status} ${code} for ${what}, changing nothing`, async () => {
      const mine = (await post({ text: "mine" })).json;
      const theirs = (await post({ text: "theirs" })).json;
      const before = await snapshot();
      await expectError(await send(mine.comment.id, mine.editToken, theirs.editToken), status, code);
      expect(await snapshot()).toBe(before);
    });
  }

  it("answers 403 edit_window_closed after the site's window, changing nothing", async () => {
    const { json } = await post({ text: "old" });
    await age(json.comment.id, 901);
    const before = await snapshot();
    await expectError(
      await patch(json.comment.id, json.editToken, { text: "new" }),
      403,
      "edit_window_closed",
    );
    expect(await snapshot()).toBe(before);
  });

  it("follows the site's own edit window", async () => {
    await env.DB.prepare("UPDATE sites SET edit_window_seconds = 3600").run();
    const { json } = await post({ text: "old" });
    expect(Date.parse(json.editableUntil) - Date.now()).toBeGreaterThan(3_500_000);
    await age(json.comment.id, 1800);
    expect((await patch(json.comment.id, json.editToken, { text: "new" })).status).toBe(200);
  });
});

describe("DELETE /api/v1/comments/:id", () => {
  it("removes a comment without replies, with its count and its likes", async () => {
    const { json } = await post({ text: "bye" });
    await api(`/api/v1/comments/${json.comment.id}/like`, likeInit());
    expect((await del(json.comment.id, json.editToken)).status).toBe(204);
    const { json: page } = await getThread(q);
    expect(page.comments).toEqual([]);
    expect(page.thread.commentCount).toBe(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM likes").first("n")).toBe(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first("n")).toBe(0);
  });

  it("turns a comment with replies into a placeholder and erases its text and author", async () => {
    const root = (await post({ author: { name: "Ann", email: "ann@example.com" }, text: "root" })).json;
    const reply = (await post({ text: "reply", parentId: root.comment.id })).json;
    expect((await del(root.comment.id, root.editToken)).status).toBe(204);
    const { json: page } = await getThread(q);
    expect(page.comments.map((c: any) => [c.id, c.status])).toEqual([
      [root.comment.id, "deleted"],
      [reply.comment.id, "approved"],
    ]);
    expect(page.comments[0]).toMatchObject({ author: null, html: "" });
    expect(page.thread.commentCount).toBe(1);
    const row = await env.DB.prepare("SELECT * FROM comments WHERE id = ?1")
      .bind(root.comment.id)
      .first<any>();
    expect([row.text, row.author_name, row.author_email, row.edit_token_hash]).toEqual(["", "", null, null]);
  });

  it("decrements the parent's reply count when a reply goes", async () => {
    const root = (await post({ text: "root" })).json;
    const reply = (await post({ text: "reply", parentId: root.comment.id })).json;
    await del(reply.comment.id, reply.editToken);
    expect((await getThread(q)).json.comments[0].replyCount).toBe(0);
  });

  it("refuses without a token, with a wrong one, after the window, and for an unknown id", async () => {
    const mine = (await post({ text: "mine" })).json;
    const theirs = (await post({ text: "theirs" })).json;
    const before = await snapshot();
    await expectError(await del(mine.comment.id, null), 401, "unauthorized");
    await expectError(await del(mine.comment.id, theirs.editToken), 403, "forbidden");
    await expectError(await del("nope", mine.editToken), 404, "not_found");
    await age(mine.comment.id, 10_000);
    const aged = await snapshot();
    await expectError(await del(mine.comment.id, mine.editToken), 403, "edit_window_closed");
    expect(await snapshot()).toBe(aged);
    expect(before).not.toBe(aged);
  });

  it("answers not_found to a second delete and to an edit of a deleted comment", async () => {
    const { json } = await post({ text: "once" });
    expect((await del(json.comment.id, json.editToken)).status).toBe(204);
    await expectError(await del(json.comment.id, json.editToken), 404, "not_found");
    await expectError(await patch(json.comment.id, json.editToken, { text: "x" }), 404, "not_found");
  });

  it("stays consistent when deletes, edits, likes and replies race on one comment", async () => {
    const root = (await post({ text: "contested" })).json;
    const id = root.comment.id;
    const results = await Promise.all([
      del(id, root.editToken),
      del(id, root.editToken),
      patch(id, root.editToken, { text: "edited" }),
      api(`/api/v1/comments/${id}/like`, likeInit()),
      post({ text: "reply", parentId: id }).then((r) => r.res),
    ]);
    for (const res of results) expect(res.status).toBeLessThan(500);
    expect(results.filter((r) => r.status === 204)).toHaveLength(1);
    // Whatever order they ran in, the counters equal what is stored.
    const thread = await env.DB.prepare("SELECT comment_count FROM threads").first<number>("comment_count");
    const approved = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM comments WHERE status = 'approved'",
    ).first("n");
    expect(thread).toBe(approved);
    const likes = await env.DB.prepare("SELECT COUNT(*) AS n FROM likes").first<number>("n");
    const counted = await env.DB.prepare("SELECT COALESCE(SUM(likes), 0) AS n FROM comments").first<number>(
      "n",
    );
    expect(counted).toBe(likes);
    const replies = await env.DB.prepare("SELECT reply_count FROM comments WHERE id = ?1")
      .bind(id)
      .first<any>();
    if (replies) {
      const real = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM comments WHERE parent_id = ?1 AND status = 'approved'",
      )
        .bind(id)
        .first("n");
      expect(replies.reply_count).toBe(real);
    }
  });
});
