// Behind a reverse proxy (docs/self-host.md, "Behind a reverse proxy"): with TRUST_PROXY=on the
// reader's address is the proxy's last X-Forwarded-For entry (so each reader has their own rate
// limit) and the scheme its last X-Forwarded-Proto (so the links the worker builds say https);
// without it both headers are ignored and every reader is the socket's peer.
import { request as httpRequest } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { ARTICLE, addSite, adminFetch, BLOG, type NodeServer, startNode } from "./server.ts";

const servers: NodeServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** A request as the proxy sends it (node:http: fetch may not set Host). */
function viaProxy(url: string, path: string, headers: Record<string, string>, body?: unknown) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: body ? "POST" : "GET", headers }, (res) => {
      let text = "";
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function oneAMinute(trustProxy: string): Promise<string> {
  const server = await startNode(undefined, { TRUST_PROXY: trustProxy });
  servers.push(server);
  await addSite(server.url);
  const res = await adminFetch(server.url, "/api/v1/admin/sites/blog", {
    method: "PATCH",
    body: { rateLimitPerMinute: 1 },
  });
  expect(res.status).toBe(200);
  return server.url;
}

const post = (url: string, from: string, text: string) =>
  viaProxy(
    url,
    "/api/v1/comments",
    {
      "Content-Type": "application/json",
      Origin: BLOG,
      "X-Forwarded-For": `10.9.9.9, ${from}`,
      "X-Forwarded-Proto": "https",
    },
    { site: "blog", url: ARTICLE, author: { name: "Ann" }, text, elapsedMs: 6000 },
  );

const feedSelf = async (url: string, headers: Record<string, string>) => {
  const res = await viaProxy(url, "/api/v1/feed?site=blog", headers);
  expect(res.status).toBe(200);
  return res.text.match(/<link rel="self"[^>]*href="([^"]+)"/)?.[1] ?? res.text.slice(0, 400);
};

describe("behind a reverse proxy", () => {
  it("TRUST_PROXY=on: each forwarded reader has their own rate limit, and links say https", async () => {
    const url = await oneAMinute("on");
    expect((await post(url, "203.0.113.5", "First reader, first comment")).status).toBe(201);
    expect((await post(url, "203.0.113.5", "First reader, second comment")).status).toBe(429);
    expect((await post(url, "198.51.100.7", "Second reader, first comment")).status).toBe(201);
    const self = await feedSelf(url, { Host: "comments.example.com", "X-Forwarded-Proto": "https" });
    expect(self).toBe("https://comments.example.com/api/v1/feed?site=blog");
  });

  it("without it, forwarded headers are ignored: readers share the peer's limit, links say http", async () => {
    const url = await oneAMinute("off");
    expect((await post(url, "203.0.113.5", "First reader, first comment")).status).toBe(201);
    expect((await post(url, "198.51.100.7", "Second reader, first comment")).status).toBe(429);
    const self = await feedSelf(url, { Host: "comments.example.com", "X-Forwarded-Proto": "https" });
    expect(self).toBe("http://comments.example.com/api/v1/feed?site=blog");
  });
});
