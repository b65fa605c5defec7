// Live threads on Node (docs/self-host.md, "What differs"): the in-process broadcaster of
// worker/node/live.ts behind the worker's own route and publisher, over real WebSockets (`ws`)
// to the real server process: the protocol of docs/api.md "GET /api/v1/live", its caps and its
// origin check, as the Durable Object gives them on Cloudflare.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { LiveMessage } from "../../shared/types.ts";
import { ARTICLE, addSite, adminFetch, BLOG, type NodeServer, postComment, startNode } from "./server.ts";

interface Listener {
  ws: WebSocket;
  messages: LiveMessage[];
  next(match: (m: LiveMessage) => boolean, ms?: number): Promise<LiveMessage>;
}

const wsUrl = (server: NodeServer, query: string) =>
  `${server.url.replace("http", "ws")}/api/v1/live?${query}`;
const pageQuery = (url = ARTICLE) => `site=blog&url=${encodeURIComponent(url)}`;
const quiet = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Opens a socket, resolving once it is open; refusals reject with their status and JSON body. */
function open(server: NodeServer, query: string, headers: Record<string, string> = {}): Promise<Listener> {
  const ws = new WebSocket(wsUrl(server, query), { headers: { Origin: BLOG, ...headers } });
  const messages: LiveMessage[] = [];
  ws.on("message", (data) => {
    const text = data.toString();
    if (text !== "pong") messages.push(JSON.parse(text) as LiveMessage);
  });
  const next = async (match: (m: LiveMessage) => boolean, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no such message in ${JSON.stringify(messages)}`);
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, messages, next }));
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () =>
        reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body, res })),
      );
    });
    ws.once("error", reject);
  });
}

/** The refusal of an upgrade: its status, its error code and its headers. */
async function refused(pending: Promise<Listener>) {
  const err = (await pending.then(
    () => null,
    (e: unknown) => e,
  )) as { status: number; body: string; res: { headers: Record<string, string> } } | null;
  if (!err) throw new Error("the socket opened");
  return { status: err.status, code: JSON.parse(err.body).error.code as string, headers: err.res.headers };
}

describe("live threads on Node", () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await startNode();
    await addSite(server.url);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it("pushes a comment posted by one reader to the other reader's socket, then the count", async () => {
    const url = `${BLOG}/live/two`;
    const [poster, reader] = await Promise.all([open(server, pageQuery(url)), open(server, pageQuery(url))]);
    const res = await postComment(server.url, "Hello **live**", { url });
    expect(res.status).toBe(201);
    const { comment } = (await res.json()) as { comment: { id: string } };
    for (const s of [reader, poster]) {
      const got = await s.next((m) => m.type === "comment");
      expect(got).toMatchObject({ type: "comment", comment: { id: comment.id, status: "approved" } });
      expect(got.type === "comment" && got.comment.html).toBe("<p>Hello <strong>live</strong></p>");
      expect(JSON.stringify(got)).not.toMatch(/email|editToken|network/i);
      expect(await s.next((m) => m.type === "count")).toEqual({ type: "count", commentCount: 1 });
    }
    // Another page's socket hears nothing.
    const other = await open(server, pageQuery(`${BLOG}/live/elsewhere`));
    await postComment(server.url, "Second", { url });
    await reader.next((m) => m.type === "count" && m.commentCount === 2);
    await quiet();
    expect(other.messages).toEqual([]);
    for (const s of [poster, reader, other]) s.ws.close();
  });

  it("sends a held comment only when a moderator approves it, and a delete as remove", async () => {
    const url = `${BLOG}/live/held`;
    const held = await adminFetch(server.url, "/api/v1/admin/sites/blog", {
      method: "PATCH",
      body: { moderation: "all" },
    });
    expect(held.status).toBe(200);
    const s = await open(server, pageQuery(url));
    const res = await postComment(server.url, "Wait for me", { url });
    const { comment } = (await res.json()) as { comment: { id: string; status: string } };
    expect(comment.status).toBe("pending");
    await quiet();
    expect(s.messages).toEqual([]);

    const approve = await adminFetch(server.url, `/api/v1/admin/comments/${comment.id}`, {
      method: "PATCH",
      body: { status: "approved" },
    });
    expect(approve.status).toBe(200);
    expect(await s.next((m) => m.type === "comment")).toMatchObject({ comment: { id: comment.id } });
    expect(await s.next((m) => m.type === "count")).toEqual({ type: "count", commentCount: 1 });

    const del = await adminFetch(server.url, `/api/v1/admin/comments/${comment.id}`, { method: "DELETE" });
    expect(del.status).toBeLessThan(300);
    expect(await s.next((m) => m.type === "remove")).toEqual({ type: "remove", id: comment.id });
    expect(await s.next((m) => m.type === "count" && m.commentCount === 0)).toBeTruthy();
    s.ws.close();
    await adminFetch(server.url, "/api/v1/admin/sites/blog", {
      method: "PATCH",
      body: { moderation: "none" },
    });
  });

  it("sends a comment over 16 KB as a refresh hint", async () => {
    const url = `${BLOG}/live/large`;
    const s = await open(server, pageQuery(url));
    // Each "<" is escaped to 4 bytes of HTML: 4,500 of them pass 16 KB.
    const { comment } = (await (await postComment(server.url, "<".repeat(4500), { url })).json()) as {
      comment: { id: string };
    };
    expect(await s.next((m) => m.type === "refresh")).toEqual({ type: "refresh", id: comment.id });
    s.ws.close();
  });

  it("refuses a bad origin, a foreign url and an unknown site before the upgrade, with their JSON errors", async () => {
    const evil = await refused(open(server, pageQuery(), { Origin: "https://evil.example" }));
    expect(evil).toMatchObject({ status: 403, code: "origin_not_allowed" });
    expect(evil.headers["x-request-id"]).toBeTruthy();
    const foreign = await refused(open(server, pageQuery("https://other.example/x")));
    expect(foreign).toMatchObject({ status: 400, code: "validation_failed" });
    expect(await refused(open(server, "site=nope&pageId=x"))).toMatchObject({
      status: 404,
      code: "unknown_site",
    });
  });

  it("answers ping with pong and closes a socket that sends anything else (1003, 1009 when large)", async () => {
    const s = await open(server, pageQuery(`${BLOG}/live/ping`));
    const pong = new Promise<string>((resolve) => s.ws.once("message", (d) => resolve(d.toString())));
    s.ws.send("ping");
    expect(await pong).toBe("pong");
    const closed = new Promise<number>((resolve) => s.ws.once("close", (code) => resolve(code)));
    s.ws.send("hello");
    expect(await closed).toBe(1003);
    // A frame far larger than a ping is refused as it arrives (1009), not buffered.
    const big = await open(server, pageQuery(`${BLOG}/live/ping`));
    const tooBig = new Promise<number>((resolve) => big.ws.once("close", (code) => resolve(code)));
    big.ws.send("x".repeat(64 * 1024));
    expect(await tooBig).toBe(1009);
  });
});

describe("live caps on Node", () => {
  let server: NodeServer;
  beforeAll(async () => {
    // Readers' networks from a trusted proxy's X-Forwarded-For, so one test can be many networks.
    server = await startNode(undefined, {
      LIVE_MAX_PER_THREAD: "3",
      LIVE_MAX_PER_NETWORK: "2",
      TRUST_PROXY: "on",
    });
    await addSite(server.url);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  const from = (address: string) => ({ "X-Forwarded-For": address });

  it("takes so many sockets from one network, and so many on one thread; a closed one frees its place", async () => {
    const q = pageQuery(`${BLOG}/live/caps`);
    const a1 = await open(server, q, from("10.0.1.1"));
    await open(server, q, from("10.0.1.2"));
    const sameNetwork = await refused(open(server, q, from("10.0.1.3")));
    expect(sameNetwork).toMatchObject({ status: 429, code: "rate_limited" });
    expect(sameNetwork.headers["retry-after"]).toBe("60");
    // Another thread is another channel: the same network is welcome there.
    const elsewhere = await open(server, pageQuery(`${BLOG}/live/caps-other`), from("10.0.1.3"));

    await open(server, q, from("10.0.2.1"));
    const full = await refused(open(server, q, from("10.0.3.1")));
    expect(full).toMatchObject({ status: 429, code: "rate_limited" });

    a1.ws.close();
    await quiet();
    const again = await open(server, q, from("10.0.3.1"));
    expect(again.ws.readyState).toBe(WebSocket.OPEN);
    elsewhere.ws.close();
  });

  it("closes every socket with 1001 when the server stops", async () => {
    const s = await open(server, pageQuery(`${BLOG}/live/stop`), from("10.0.9.1"));
    const closed = new Promise<number>((resolve) => s.ws.once("close", (code) => resolve(code)));
    const stopped = server.stop();
    expect(await closed).toBe(1001);
    expect(await stopped).toBe(0);
  });
});
