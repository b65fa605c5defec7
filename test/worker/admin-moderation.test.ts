// Moderation modes and decisions: what readers see, what counts say, what the audit log keeps.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  BLOG,
  expectError,
  getThread,
  post,
  RESET_SQL,
  signedIn,
  snapshot,
} from "./helpers.ts";

const q = `site=blog&url=${encodeURIComponent(ARTICLE)}`;
const visible = async () => (await getThread(q)).json;
const approve = (id: string) =>
  adminJson(`/comments/${id}`, { method: "PATCH", body: { status: "approved" } });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("moderation modes and decisions", () => {
  it("mode first: held until approved, then the author's next comment passes at once", async () => {
    await addSite("blog", [BLOG], "first");
    // Signed in: only an identity's approval counts (a typed address proves nothing).
    const { token } = await signedIn("blog", { email: "new@example.com", name: "New" });
    const as = { Authorization: `Bearer ${token}` };
    const author = { name: "New" };
    const first = (await post({ author, text: "first words" }, as)).json.comment;
    expect(first.status).toBe("pending");
    expect((await visible()).comments).toEqual([]);
    expect((await visible()).thread.commentCount).toBe(0);

    const queue = await adminJson("/comments?site=blog");
    expect(queue.comments.map((c: any) => c.id)).toEqual([first.id]);
    expect(queue.comments[0]).toMatchObject({
      status: "pending",
      authorEmail: "new@example.com",
      text: "first words",
      threadUrl: ARTICLE,
      moderationReasons: ["moderation: first comment by this author"],
    });

    const approved = (await approve(first.id)).comment;
    expect(approved.status).toBe("approved");
    expect(approved.moderationReasons).toEqual([
      "moderation: first comment by this author",
      "approved by operator",
    ]);
    expect((await visible()).comments.map((c: any) => c.id)).toEqual([first.id]);
    expect((await visible()).thread.commentCount).toBe(1);

    expect((await post({ author, text: "second" }, as)).json.comment.status).toBe("approved");
    expect((await post({ author: { email: "new@example.com" }, text: "forged" })).json.comment.status).toBe(
      "pending",
    );
    expect(
      (await post({ author: { email: "other@example.com" }, text: "stranger" })).json.comment.status,
    ).toBe("pending");
  });

  it("spam hides a published comment and fixes the counts; approve brings it back", async () => {
    const root = (await post({ text: "root" })).json.comment.id;
    const reply = (await post({ text: "reply", parentId: root })).json.comment.id;
    await adminJson(`/comments/${reply}`, { method: "PATCH", body: { status: "spam" } });
    let page = await visible();
    expect(page.comments.map((c: any) => c.id)).toEqual([root]);
    expect(page.thread.commentCount).toBe(1);
    expect(page.comments[0].replyCount).toBe(0);
    await approve(reply);
    page = await visible();
    expect(page.comments.map((c: any) => c.id)).toEqual([root, reply]);
    expect([page.thread.commentCount, page.comments[0].replyCount]).toEqual([2, 1]);
  });

  it("edits the text (re-rendered), pins, and soft-deletes to a placeholder", async () => {
    const a = (await post({ text: "a" })).json.comment.id;
    const b = (await post({ text: "b" })).json.comment.id;
    await post({ text: "under b", parentId: b });
    const edited = (await adminJson(`/comments/${a}`, { method: "PATCH", body: { text: "now **bold**" } }))
      .comment;
    expect(edited.html).toBe("<p>now <strong>bold</strong></p>");
    expect(edited.editedAt).not.toBeNull();
    await adminJson(`/comments/${b}`, { method: "PATCH", body: { pinned: true } });
    expect((await visible()).comments.map((c: any) => c.id)[0]).toBe(b);
    await adminJson(`/comments/${b}`, { method: "PATCH", body: { status: "deleted" } });
    const page = await visible();
    expect(page.comments[0]).toMatchObject({ id: b, status: "deleted", author: null, html: "" });
    expect(page.thread.commentCount).toBe(2);
  });

  it("erases for good: personal data and hashes gone, placeholder only when there are replies", async () => {
    const a = (
      await post(
        {
          author: { name: "Ann", email: "ann@example.com", website: "https://ann.example" },
          text: "my private words",
        },
        { "CF-Connecting-IP": "192.0.2.1" },
      )
    ).json.comment.id;
    await post({ text: "reply", parentId: a });
    const lone = (await post({ author: { email: "lone@example.com" }, text: "lone" })).json.comment.id;
    expect((await admin(`/comments/${a}`, { method: "DELETE" })).status).toBe(204);
    expect((await admin(`/comments/${lone}`, { method: "DELETE" })).status).toBe(204);
    const row = await env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(a).first<any>();
    expect(row).toMatchObject({
      status: "deleted",
      text: "",
      html: "",
      author_name: "",
      author_email: null,
      author_website: null,
      network_hash: null,
      edit_token_hash: null,
    });
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE id = ?1").bind(lone).first("n"),
    ).toBe(0);
    const dump = await snapshot();
    for (const gone of ["ann@example.com", "lone@example.com", "my private words", "ann.example"])
      expect(dump).not.toContain(gone);
    expect((await visible()).thread.commentCount).toBe(1);
  });

  it("bulk-approves up to 100 comments in one request and counts once each", async () => {
    await addSite("blog", [BLOG], "all");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post({ text: `held ${i}` })).json.comment.id);
    const res = await adminJson("/comments/bulk", { method: "POST", body: { ids, status: "approved" } });
    expect(res.updated).toBe(5);
    expect((await visible()).thread.commentCount).toBe(5);
    // Approving again changes nothing and counts nothing twice.
    expect(
      (await adminJson("/comments/bulk", { method: "POST", body: { ids, status: "approved" } })).updated,
    ).toBe(0);
    expect((await visible()).thread.commentCount).toBe(5);
  });

  it("searches text, names and emails, filters by status and page, and pages newest first", async () => {
    await post({ author: { name: "Zed", email: "zed@example.com" }, text: "about 100% cotton" });
    await post({ url: `${BLOG}/other`, text: "elsewhere" });
    await post({ text: "plain" });
    const find = async (query: string) =>
      (await adminJson(`/comments?status=all&${query}`)).comments.map((c: any) => c.text);
    expect(await find("q=cotton")).toEqual(["about 100% cotton"]);
    expect(await find("q=100%25")).toEqual(["about 100% cotton"]);
    expect(await find("q=zed%40example")).toEqual(["about 100% cotton"]);
    expect(await find("q=_")).toEqual([]);
    expect(await find(`url=${encodeURIComponent(`${BLOG}/other/`)}`)).toEqual(["elsewhere"]);
    const first = await adminJson("/comments?status=all&limit=2");
    expect(first.comments.map((c: any) => c.text)).toEqual(["plain", "elsewhere"]);
    const second = await adminJson(`/comments?status=all&limit=2&cursor=${first.nextCursor}`);
    expect(second.comments.map((c: any) => c.text)).toEqual(["about 100% cotton"]);
    expect(second.nextCursor).toBeNull();
  });

  it("writes an audit entry with each action", async () => {
    const id = (await post({ text: "x" })).json.comment.id;
    await adminJson(`/comments/${id}`, { method: "PATCH", body: { status: "spam" } });
    await adminJson(`/comments/${id}`, { method: "PATCH", body: { text: "y" } });
    await admin(`/comments/${id}`, { method: "DELETE" });
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries.map((e: any) => [e.action, e.target, e.actor])).toEqual([
      ["comment.erase", id, "operator"],
      ["comment.update", id, "operator"],
      ["comment.update", id, "operator"],
    ]);
    expect(entries[2].detail).toMatchObject({ status: "spam", from: "approved" });
  });
});

describe("bad moderation input changes nothing", () => {
  const cases: [string, () => Promise<Response>, number, string][] = [
    [
      "an unknown comment",
      () => admin("/comments/nope", { method: "PATCH", body: { status: "spam" } }),
      404,
      "not_found",
    ],
    ["erasing an unknown comment", () => admin("/comments/nope", { method: "DELETE" }), 404, "not_found"],
    [
      "a status outside the list",
      () => admin("/comments/abc", { method: "PATCH", body: { status: "hidden" } }),
      400,
      "validation_failed",
    ],
    ["an empty patch", () => admin("/comments/abc", { method: "PATCH", body: {} }), 400, "validation_failed"],
    ["a listed status outside the list", () => admin("/comments?status=hidden"), 400, "validation_failed"],
    [
      "a bulk change of 101 ids",
      () =>
        admin("/comments/bulk", {
          method: "POST",
          body: { ids: Array.from({ length: 101 }, (_, i) => `id${i}`), status: "spam" },
        }),
      400,
      "validation_failed",
    ],
    [
      "a bulk change with duplicates",
      () => admin("/comments/bulk", { method: "POST", body: { ids: ["a1", "a1"], status: "spam" } }),
      400,
      "validation_failed",
    ],
    [
      "a bulk change with an unknown id",
      () => admin("/comments/bulk", { method: "POST", body: { ids: ["nope"], status: "spam" } }),
      404,
      "not_found",
    ],
    [
      "a bulk status outside the list",
      () => admin("/comments/bulk", { method: "POST", body: { ids: ["a1"], status: "gone" } }),
      400,
      "validation_failed",
    ],
    ["bad JSON", () => admin("/comments/bulk", { method: "POST", body: "{" }), 400, "invalid_json"],
  ];
  for (const [what, send, status, code] of cases) {
    it(`${status} ${code} for ${what}`, async () => {
      await post({ text: "exists" });
      const before = await snapshot();
      await expectError(await send(), status, code);
      expect(await snapshot()).toBe(before);
    });
  }

  it("refuses a bulk change mixing a real id with an unknown one, changing neither", async () => {
    const id = (await post({ text: "real" })).json.comment.id;
    const before = await snapshot();
    await expectError(
      await admin("/comments/bulk", { method: "POST", body: { ids: [id, "nope"], status: "spam" } }),
      404,
      "not_found",
    );
    expect(await snapshot()).toBe(before);
  });
});
