// Live threads beyond comments (docs/api.md, "Live threads"): likes and reactions, the page's own
// reactions, a lock or a new title, and a moderator's merge or move, which make readers read again.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { LiveMessage } from "../../shared/types.ts";
import { addSite, adminJson, api, BLOG, likeInit, post, READER, RESET_SQL } from "./helpers.ts";
import { connect } from "./live-socket.ts";

const quiet = (ms = 400) => new Promise((r) => setTimeout(r, ms));
const queryOf = (url: string) => `site=blog&url=${encodeURIComponent(url)}`;
const threadId = async (url: string) =>
  (await (await api(`/api/v1/threads?${queryOf(url)}`, { headers: { Origin: BLOG } })).json<any>()).thread.id;

const react = (body: Record<string, unknown>, method = "POST") =>
  api("/api/v1/reactions", {
    method,
    headers: { Origin: BLOG, "Content-Type": "application/json" },
    body: JSON.stringify({ site: "blog", reader: READER, ...body }),
  });

let page = 0;
let url = "";
beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  page++;
  url = `${BLOG}/live-page/${page}`;
});

describe("live counts", () => {
  it("pushes a like and an unlike as updates of the comment with its new count", async () => {
    const { json } = await post({ url, text: "Like me" });
    const s = await connect(queryOf(url));
    expect((await api(`/api/v1/comments/${json.comment.id}/like`, likeInit())).status).toBe(200);
    const liked = await s.next((m) => m.type === "update" && m.comment.likes === 1);
    expect(liked).toMatchObject({ comment: { id: json.comment.id, status: "approved" } });
    expect((await api(`/api/v1/comments/${json.comment.id}/like`, likeInit("DELETE"))).status).toBe(200);
    await s.next((m) => m.type === "update" && m.comment.likes === 0);
  });

  it("pushes a comment's reactions as an update, and the page's as a change of the thread", async () => {
    const { json } = await post({ url, text: "React to me" });
    const s = await connect(queryOf(url));
    expect((await react({ commentId: json.comment.id, emoji: "🎉" })).status).toBe(200);
    const update = await s.next((m) => m.type === "update");
    expect(update.type === "update" && update.comment.reactions).toEqual({ "🎉": 1 });
    expect((await react({ url, emoji: "❤️" })).status).toBe(200);
    expect(await s.next((m) => m.type === "thread")).toEqual({
      type: "thread",
      thread: { reactions: { "❤️": 1 } },
    });
    expect((await react({ url, emoji: "❤️" }, "DELETE")).status).toBe(200);
    await s.next((m) => m.type === "thread" && JSON.stringify(m.thread.reactions) === "{}");
  });

  it("sends nothing for a refused reaction", async () => {
    await post({ url, text: "x" });
    const s = await connect(queryOf(url));
    expect((await react({ url, emoji: "🦄" })).status).toBe(400);
    await quiet();
    expect(s.messages).toEqual([]);
  });
});

describe("live thread changes", () => {
  it("pushes a lock and a new title as they are, and nothing to other pages", async () => {
    await post({ url, text: "x" });
    const other = `${url}-other`;
    await post({ url: other, text: "y" });
    const s = await connect(queryOf(url));
    const elsewhere = await connect(queryOf(other));
    await adminJson(`/threads/${await threadId(url)}`, { method: "PATCH", body: { locked: true } });
    expect(await s.next((m) => m.type === "thread")).toEqual({ type: "thread", thread: { locked: true } });
    await adminJson(`/threads/${await threadId(url)}`, { method: "PATCH", body: { title: "Renamed" } });
    await s.next((m) => m.type === "thread" && m.thread.title === "Renamed");
    await quiet();
    expect(elsewhere.messages).toEqual([]);
  });

  it("tells both pages' readers to read again after a merge, and after a move", async () => {
    await post({ url, text: "stays" });
    const split = `${url}-split`;
    await post({ url: split, text: "moves" });
    const into = await connect(queryOf(url));
    const from = await connect(queryOf(split));
    const reload = (m: LiveMessage) => m.type === "reload";
    await adminJson(`/threads/${await threadId(split)}/merge`, {
      method: "POST",
      body: { into: await threadId(url) },
    });
    expect(await into.next(reload)).toEqual({ type: "reload" });
    expect(await from.next(reload)).toEqual({ type: "reload" });

    const moved = `${url}-moved`;
    const there = await connect(queryOf(moved));
    const before = into.messages.length;
    await adminJson(`/threads/${await threadId(url)}`, { method: "PATCH", body: { url: moved } });
    await there.next(reload);
    await into.next((m) => reload(m) && into.messages.indexOf(m) >= before);
  });
});
