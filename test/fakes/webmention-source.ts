// A Webmention source site on 127.0.0.1: the blogs and social sites whose posts link to ours. A
// test puts a page with `PUT /__pages/<path>` `{ status, type, body, location }` and the worker
// fetches `GET /<path>` as it would fetch anyone's post, over real HTTP. Two pages are built in:
// `/huge` streams 50 MB of HTML (it records how much it could send before the reader hung up), and
// `/slow` answers after 15 seconds. `GET /__log` lists the paths asked for.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

interface Page {
  status?: number;
  type?: string;
  body?: string;
  location?: string;
  /** Send `body` as ISO-8859-1 bytes rather than UTF-8. */
  latin1?: boolean;
}

const MB = 1024 * 1024;

export default async function setup(project: TestProject) {
  const pages = new Map<string, Page>();
  const log: string[] = [];
  let hugeSent = 0;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (path.startsWith("/__pages/") && req.method === "PUT") {
      pages.set(path.slice("/__pages".length), JSON.parse(raw) as Page);
      res.writeHead(204).end();
      return;
    }
    if (path === "/__log") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ log, hugeSent }));
      return;
    }
    log.push(path);
    if (path === "/huge") {
      hugeSent = 0;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      const chunk = `<p>${"x".repeat(MB - 7)}</p>`;
      for (let i = 0; i < 50 && !res.destroyed; i++) {
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r).once("close", r));
        hugeSent += chunk.length;
      }
      res.end();
      return;
    }
    if (path === "/slow") {
      await new Promise((r) => setTimeout(r, 15_000));
      res.writeHead(200, { "Content-Type": "text/html" }).end("<p>late</p>");
      return;
    }
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(page.status ?? 200, {
      "Content-Type": page.type ?? "text/html; charset=utf-8",
      ...(page.location ? { Location: page.location } : {}),
    });
    res.end(Buffer.from(page.body ?? "", page.latin1 ? "latin1" : "utf8"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("mentionSourceUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => (server as Server).close(() => resolve()));
}
