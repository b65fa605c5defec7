// `npm run serve` over HTTP: the same app on Node with one SQLite file, as a reader, an author, a
// moderator and a load balancer see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSite, adminFetch, BLOG, type NodeServer, postComment, startNode, thread } from "./server.ts";

let server: NodeServer;
beforeAll(async () => {
  server = await startNode();
  await addSite(server.url);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

describe("the reader API on Node", () => {
  it("posts a comment (201), reads it in its thread, and the author edits it with the edit token", async () => {
    const res = await postComment(server.url, "Hello from **Node**");
    expect(res.status).toBe(201);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    const posted = (await res.json()) as any;
    expect(posted.comment).toMatchObject({ status: "approved", author: { name: "Ann" } });

    const page = await thread(server.url);
    expect(page.thread.commentCount).toBe(1);
    expect(page.comments.map((c: { id: string }) => c.id)).toEqual([posted.comment.id]);
    expect(page.comments[0].html).toBe("<p>Hello from <strong>Node</strong></p>");

    const edit = await fetch(`${server.url}/api/v1/comments/${posted.comment.id}`, {
      method: "PATCH",
      headers: {
        "Content-Type": "application/json",
        Origin: BLOG,
        Authorization: `Bearer ${posted.editToken}`,
      },
      body: JSON.stringify({ text: "Hello from *plain* Node" }),
    });
    expect(edit.status).toBe(200);
    expect(((await edit.json()) as any).comment.editedAt).not.toBeNull();
    const after = await thread(server.url);
    expect(after.comments[0].html).toBe("<p>Hello from <em>plain</em> Node</p>");
  });

  it("has the live channel: GET /api/v1/live without an upgrade is a readable 426 (test/node/live.test.ts)", async () => {
    const res = await fetch(`${server.url}/api/v1/live?site=blog&pageId=p1`, { headers: { Origin: BLOG } });
    expect(res.status).toBe(426);
    expect(res.headers.get("Upgrade")).toBe("websocket");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    expect(((await res.json()) as any).error.code).toBe("upgrade_required");
  });

  it("a held comment appears once a moderator approves it", async () => {
    const held = await adminFetch(server.url, "/api/v1/admin/sites/blog", {
      method: "PATCH",
      body: { moderation: "all" },
    });
    expect(held.status).toBe(200);
    const res = await postComment(server.url, "Please approve me");
    expect(res.status).toBe(201);
    const { comment } = (await res.json()) as any;
    expect(comment.status).toBe("pending");
    expect((await thread(server.url)).comments.map((c: { id: string }) => c.id)).not.toContain(comment.id);

    const approve = await adminFetch(server.url, `/api/v1/admin/comments/${comment.id}`, {
      method: "PATCH",
      body: { status: "approved" },
    });
    expect(approve.status).toBe(200);
    expect(((await approve.json()) as any).comment.status).toBe("approved");
    expect((await thread(server.url)).comments.map((c: { id: string }) => c.id)).toContain(comment.id);
    await adminFetch(server.url, "/api/v1/admin/sites/blog", {
      method: "PATCH",
      body: { moderation: "none" },
    });
  });

  it("bad input gets its 4xx, not a 500", async () => {
    const res = await fetch(`${server.url}/api/v1/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BLOG },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe("invalid_json");
    const forbidden = await fetch(`${server.url}/api/v1/admin/comments?site=blog`, {
      headers: { Authorization: "Bearer wrong" },
    });
    expect(forbidden.status).toBe(403);
  });
});

describe("the rest of the server", () => {
  it("answers /healthz with the database's state", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toMatchObject({ status: "ok", database: "ok", stopping: false });
  });

  it("serves the built widget and dashboard from dist/ like Workers Static Assets", async () => {
    const embed = await fetch(`${server.url}/embed.js`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get("Content-Type")).toMatch(/javascript/);
    expect(embed.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await embed.text()).length).toBeGreaterThan(1000);
    const admin = await fetch(`${server.url}/admin`, { redirect: "manual" });
    expect(admin.status).toBe(307);
    expect(admin.headers.get("Location")).toBe("/admin/");
    const page = await fetch(`${server.url}/admin/`);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    const missing = await fetch(`${server.url}/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe("not_found");
  });

  it("logs each request as one JSON line with its request id", async () => {
    const res = await fetch(`${server.url}/api/v1/counts?site=blog&url=${encodeURIComponent(BLOG)}`, {
      headers: { Origin: BLOG },
    });
    const id = res.headers.get("X-Request-Id");
    expect(id).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    const line = server.lines.map((l) => JSON.parse(l)).find((l) => l.requestId === id);
    expect(line).toMatchObject({ level: "info", method: "GET", path: "/api/v1/counts", status: res.status });
  });
});
