// Live threads (docs/api.md, "Live threads"): real sockets to the real Durable Object through the
// real worker. Everything a public read would not show stays off the socket.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../../worker/src/app.ts";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, addSite, admin, api, BLOG, expectError, post, RESET_SQL, snapshot } from "./helpers.ts";
import { listen, upgrade } from "./live-socket.ts";
import { workerdOnly } from "./runtime.ts";

const QUERY = `site=blog&url=${encodeURIComponent(ARTICLE)}`;
const connect = async (headers: Record<string, string> = {}, query = QUERY) =>
  listen(await upgrade(headers, query));

const quiet = (ms = 400) => new Promise((r) => setTimeout(r, ms));

// Each test has its own page (its own channel), so sockets of one test never hear another's.
let page = 0;
let url = ARTICLE;
let query = QUERY;
const onPage = (body: Record<string, unknown>) => post({ url, ...body });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  page++;
  url = `${BLOG}/live/${page}`;
  query = `site=blog&url=${encodeURIComponent(url)}`;
});

describe("GET /api/v1/live", () => {
  it("upgrades, and pushes a new comment and the thread's count", async () => {
    const s = await connect({}, query);
    const { json } = await onPage({ text: "Hello live", author: { name: "Ann" } });
    const got = await s.next((m) => m.type === "comment");
    expect(got).toMatchObject({ type: "comment", comment: { id: json.comment.id, status: "approved" } });
    expect(got.type === "comment" && got.comment.html).toContain("Hello live");
    // The same public face as a read: no email, no edit token, no hashes.
    expect(JSON.stringify(got)).not.toMatch(/email|editToken|network/i);
    expect(await s.next((m) => m.type === "count")).toEqual({ type: "count", commentCount: 1 });
    s.ws.close();
  });

  it("also takes a pageId, and another page's sockets hear nothing", async () => {
    const other = await connect({}, "site=blog&pageId=elsewhere");
    const mine = await connect({}, "site=blog&pageId=here");
    const { json } = await post({ url: undefined, pageId: "here", text: "By id" });
    await mine.next((m) => m.type === "comment" && m.comment.id === json.comment.id);
    await quiet();
    expect(other.messages).toEqual([]);
  });

  it("refuses an origin the site does not list, before any upgrade", async () => {
    const res = await upgrade({ Origin: "https://evil.example" }, query);
    expect(res.webSocket).toBeNull();
    await expectError(res, 403, "origin_not_allowed");
  });

  it("answers bad queries, unknown sites and plain requests with their errors", async () => {
    const before = await snapshot();
    const noPage = await upgrade({}, "site=blog");
    expect((await expectError(noPage, 400, "validation_failed")).fields).toEqual({ url: "required" });
    await expectError(await upgrade({}, `site=nope&url=${encodeURIComponent(url)}`), 404, "unknown_site");
    const foreign = await upgrade({}, `site=blog&url=${encodeURIComponent("https://other.example/x")}`);
    expect((await expectError(foreign, 400, "validation_failed")).fields).toEqual({ url: "invalid" });
    const plain = await api(`/api/v1/live?${query}`, { headers: { Origin: BLOG } });
    expect(plain.headers.get("Upgrade")).toBe("websocket");
    await expectError(plain, 426, "upgrade_required");
    expect(await snapshot()).toBe(before);
  });

  it("sends a held comment only once a moderator approves it", async () => {
    await env.DB.prepare("UPDATE sites SET moderation = 'all' WHERE id = 'blog'").run();
    const s = await connect({}, query);
    const { json } = await onPage({ text: "Wait for me" });
    expect(json.comment.status).toBe("pending");
    await quiet();
    expect(s.messages).toEqual([]);
    const res = await admin(`/comments/${json.comment.id}`, {
      method: "PATCH",
      body: { status: "approved" },
    });
    expect(res.status).toBe(200);
    const got = await s.next((m) => m.type === "comment");
    expect(got).toMatchObject({ comment: { id: json.comment.id, status: "approved" } });
    expect(await s.next((m) => m.type === "count")).toEqual({ type: "count", commentCount: 1 });
  });

  it("pushes an author's edit as an update, and their delete as a remove", async () => {
    const { json } = await onPage({ text: "First words" });
    const s = await connect({}, query);
    const auth = { Authorization: `Bearer ${json.editToken}`, Origin: BLOG };
    const edit = await api(`/api/v1/comments/${json.comment.id}`, {
      method: "PATCH",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ text: "Second words" }),
    });
    expect(edit.status).toBe(200);
    const updated = await s.next((m) => m.type === "update");
    expect(updated.type === "update" && updated.comment.html).toContain("Second words");
    const del = await api(`/api/v1/comments/${json.comment.id}`, { method: "DELETE", headers: auth });
    expect(del.status).toBe(204);
    expect(await s.next((m) => m.type === "remove")).toEqual({ type: "remove", id: json.comment.id });
    expect(await s.next((m) => m.type === "count" && m.commentCount === 0)).toBeTruthy();
  });

  it("removes a comment a moderator marks as spam or erases, and says nothing of held ones", async () => {
    const a = (await onPage({ text: "Spam soon" })).json.comment.id;
    const b = (await onPage({ text: "Erased soon" })).json.comment.id;
    const s = await connect({}, query);
    await admin(`/comments/${a}`, { method: "PATCH", body: { status: "spam" } });
    expect(await s.next((m) => m.type === "remove" && m.id === a)).toBeTruthy();
    await admin(`/comments/${b}`, { method: "DELETE" });
    expect(await s.next((m) => m.type === "remove" && m.id === b)).toBeTruthy();
    // Spam to pending: never shown before, not shown now.
    const count = s.messages.length;
    await admin(`/comments/${a}`, { method: "PATCH", body: { status: "pending" } });
    await quiet();
    expect(s.messages.length).toBe(count);
  });

  it("sends a comment too large for one message as a hint to refetch", async () => {
    const s = await connect({}, query);
    // Each "<" is escaped to 4 bytes of HTML: 4,500 of them pass 16 KB.
    const { json } = await onPage({ text: "<".repeat(4500) });
    expect(json.comment.status).toBe("approved");
    expect(await s.next((m) => m.type === "refresh")).toEqual({ type: "refresh", id: json.comment.id });
    expect(s.messages.every((m) => JSON.stringify(m).length < 16 * 1024)).toBe(true);
  });
});

describe("caps", () => {
  workerdOnly(
    "caps are set per request here through fetchApp's vars, and a request made in-process has no socket to upgrade on Node; test/node/live.test.ts tests them there over real sockets",
  );
  const vars = { LIVE_MAX_PER_THREAD: "3", LIVE_MAX_PER_NETWORK: "2" };
  const capped = (ip: string, q: string) =>
    fetchApp(
      `/api/v1/live?${q}`,
      { headers: { Upgrade: "websocket", Origin: BLOG, "CF-Connecting-IP": ip } },
      { vars },
    );

  it("takes so many sockets from one network, and so many on one thread", async () => {
    const open = [listen(await capped("198.51.100.7", query)), listen(await capped("198.51.100.8", query))];
    // .8 is in the same /24 as .7: the same network.
    const third = await capped("198.51.100.9", query);
    expect(third.webSocket).toBeNull();
    await expectError(third, 429, "rate_limited");
    open.push(listen(await capped("203.0.113.1", query)));
    const full = await capped("192.0.2.1", query);
    await expectError(full, 429, "rate_limited");
    expect(full.headers.get("Retry-After")).toBe("60");
    // Another thread has room of its own.
    listen(await capped("192.0.2.1", `${query}x`));
    // A closed socket makes room again.
    open[2]?.ws.close(1000, "bye");
    await quiet(200);
    listen(await capped("192.0.2.1", query));
  });
});

describe("publishing", () => {
  it("never delays nor fails the write: the answer comes first, a channel that fails is logged", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    let release: () => void = () => {};
    const asked: string[][] = [];
    // A channel that hangs, then fails: the write must not wait for it nor hear of it.
    const hanging = {
      idFromName: (name: string) => name,
      get: () => ({
        publish: (messages: string[]) => {
          asked.push(messages);
          return new Promise((_, reject) => {
            release = () => reject(new Error("channel down"));
          });
        },
      }),
    };
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request("https://confab.test/api/v1/comments", {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: BLOG },
        body: JSON.stringify({ site: "blog", url, text: "Answered first" }),
      }),
      { ...(env as object), LIVE: hanging },
      ctx,
    );
    expect(res.status).toBe(201);
    const { comment } = (await res.json()) as { comment: { id: string } };
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toHaveLength(1);
    expect(asked[0]?.map((m) => JSON.parse(m).type)).toEqual(["comment", "count"]);
    release();
    await waitOnExecutionContext(ctx);
    const stored = await env.DB.prepare("SELECT status FROM comments WHERE id = ?1").bind(comment.id).first();
    expect(stored).toEqual({ status: "approved" });
    const lines = logged.mock.calls.map((c) => JSON.parse(String(c[0])) as { task: string; error: string });
    expect(lines).toEqual([expect.objectContaining({ task: "live", error: "Error: channel down" })]);
    logged.mockRestore();
  });
});
