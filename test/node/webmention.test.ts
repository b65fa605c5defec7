// Webmentions on Node: the same endpoint and verification as on Workers, from a source site on
// 127.0.0.1 (a development deployment, which allows it), through the in-process WEBMENTIONS queue
// (worker/node/queue.ts), whose work the server keeps alive.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hEntry } from "../fixtures/h-entries.ts";
import { ARTICLE, addSite, freshDir, type NodeServer, startNode, thread } from "./server.ts";

let server: NodeServer;
let source: Server;
let sourceUrl = "";

beforeAll(async () => {
  source = createServer((_req, res) => {
    res
      .writeHead(200, { "Content-Type": "text/html" })
      .end(hEntry({ target: ARTICLE, content: "<p>From a blog</p>" }));
  });
  await new Promise<void>((r) => source.listen(0, "127.0.0.1", r));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}/post`;
  server = await startNode(freshDir(), { ENVIRONMENT: "development" });
  await addSite(server.url);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await new Promise((r) => source.close(r));
});

describe("Webmention on Node", () => {
  it("receives a mention (202 and a status URL) and verifies it into a comment with its source", async () => {
    const res = await fetch(`${server.url}/api/v1/webmention`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ source: sourceUrl, target: ARTICLE }).toString(),
    });
    expect(res.status).toBe(202);
    const location = res.headers.get("Location") ?? "";
    let status: any = { status: "queued" };
    for (let i = 0; i < 100 && status.status === "queued"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await (await fetch(location)).json();
    }
    expect(status).toMatchObject({ status: "accepted", kind: "reply", source: sourceUrl });
    const page = await thread(server.url);
    expect(page.comments[0]).toMatchObject({ html: "<p>From a blog</p>", source: { kind: "webmention" } });
  });
});
