// A Mastodon instance and a Bluesky AppView on 127.0.0.1, answering the public read endpoints the
// worker calls in their real shapes (test/fixtures/social.ts builds the entities):
//   GET /mastodon/api/v1/statuses/:id/context → { ancestors, descendants } (404 `Record not found`)
//   GET /bsky/xrpc/com.atproto.identity.resolveHandle?handle= → { did } (400 InvalidRequest)
//   GET /bsky/xrpc/app.bsky.feed.getPostThread?uri=&depth= → { thread } (400 NotFound)
// A test sets what they answer: `PUT /__mastodon/<status id>` `{ descendants }` or `{ status }`,
// `PUT /__bsky/handle/<handle>` `{ did }`, `PUT /__bsky/thread` `{ uri, thread }` or
// `{ uri, status }`. `GET /__log` lists the requests (path and query) received.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

type Answer = { status?: number; descendants?: unknown[]; thread?: unknown };

/** Starts the fake on a free 127.0.0.1 port (the worker tests' global setup, and the browser tests'). */
export async function startSocialFake(): Promise<{ url: string; close: () => Promise<void> }> {
  const statuses = new Map<string, Answer>();
  const handles = new Map<string, string>();
  const threads = new Map<string, Answer>();
  const log: string[] = [];
  const json = (res: import("node:http").ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method === "PUT") {
      const body = JSON.parse(raw || "{}");
      const [, kind, ...rest] = url.pathname.split("/");
      if (kind === "__mastodon") statuses.set(rest.join("/"), body);
      else if (kind === "__bsky" && rest[0] === "handle") handles.set(rest[1] ?? "", body.did);
      else if (kind === "__bsky" && rest[0] === "thread") threads.set(body.uri, body);
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/__log") return json(res, 200, log);
    log.push(`${url.pathname}${url.search}`);
    const context = /^\/mastodon\/api\/v1\/statuses\/([^/]+)\/context$/.exec(url.pathname);
    if (context) {
      const answer = statuses.get(context[1] ?? "");
      if (!answer || answer.status === 404) return json(res, 404, { error: "Record not found" });
      if (answer.status) return json(res, answer.status, { error: "Something went wrong" });
      return json(res, 200, { ancestors: [], descendants: answer.descendants ?? [] });
    }
    if (url.pathname === "/bsky/xrpc/com.atproto.identity.resolveHandle") {
      const did = handles.get(url.searchParams.get("handle") ?? "");
      if (!did) return json(res, 400, { error: "InvalidRequest", message: "Unable to resolve handle" });
      return json(res, 200, { did });
    }
    if (url.pathname === "/bsky/xrpc/app.bsky.feed.getPostThread") {
      const uri = url.searchParams.get("uri") ?? "";
      const answer = threads.get(uri);
      if (!answer) return json(res, 400, { error: "NotFound", message: `Post not found: ${uri}` });
      if (answer.status) return json(res, answer.status, { error: "InternalServerError" });
      return json(res, 200, { thread: answer.thread });
    }
    json(res, 404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server as Server).close(() => resolve())),
  };
}

export default async function setup(project: TestProject) {
  const fake = await startSocialFake();
  project.provide("socialUrl", fake.url);
  return fake.close;
}
