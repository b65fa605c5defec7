// SIGTERM while writes are under way: every comment answered 201 is in the file exactly once, the
// thread's count is exact, the background work those writes started (their webhook deliveries,
// to a deliberately slow receiver) finishes before the process exits, and nothing is accepted after.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, expect, it } from "vitest";
import { addSite, adminFetch, postComment, startNode } from "./server.ts";

const RECEIVER_DELAY_MS = 400;
const received: string[] = [];
let receiver: Server;

afterAll(() => receiver?.close());

async function slowReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () =>
      setTimeout(() => {
        received.push(JSON.parse(body).data?.comment?.id ?? JSON.parse(body).id);
        res.writeHead(200).end("ok");
      }, RECEIVER_DELAY_MS),
    );
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}

it("SIGTERM finishes open writes and their background work, loses none, then exits 0", async () => {
  const hook = await slowReceiver();
  // Development: a webhook to 127.0.0.1 is allowed (worker/src/lib/environment.ts).
  const server = await startNode(undefined, { ENVIRONMENT: "development" });
  await addSite(server.url);
  const patched = await adminFetch(server.url, "/api/v1/admin/sites/blog", {
    method: "PATCH",
    body: { webhookUrl: hook },
  });
  expect(patched.status).toBe(200);

  const posts = Array.from({ length: 40 }, (_, i) =>
    postComment(server.url, `Parallel comment number ${i} of forty`).then(
      async (res) => ({
        status: res.status,
        id: res.status === 201 ? ((await res.json()) as any).comment.id : null,
      }),
      () => ({ status: 0, id: null }),
    ),
  );
  // Signal as soon as the first answer is in: the rest are in flight or queued on the socket.
  await Promise.race(posts);
  const exited = server.stop("SIGTERM");
  const answers = await Promise.all(posts);
  expect(await exited).toBe(0);

  const created = answers.filter((a) => a.status === 201).map((a) => a.id as string);
  expect(created.length).toBeGreaterThan(0);
  // Each request either wrote (201) or never reached the app (connection refused or reset).
  expect(answers.every((a) => a.status === 201 || a.status === 0)).toBe(true);

  const db = new DatabaseSync(join(server.dataDir, "data", "confab.sqlite"), { readOnly: true });
  const ids = db
    .prepare("SELECT id FROM comments ORDER BY id")
    .all()
    .map((r) => r.id);
  expect(ids).toEqual([...created].sort());
  const count = db.prepare("SELECT comment_count AS n FROM threads").get() as { n: number };
  expect(count.n).toBe(created.length);
  const deliveries = db.prepare("SELECT attempts, last_status, delivered_at FROM webhook_deliveries").all();
  db.close();
  // Every write's webhook was attempted once and taken, though the receiver is slow.
  expect(deliveries).toHaveLength(created.length);
  expect(deliveries.every((d) => d.attempts === 1 && d.last_status === 200 && d.delivered_at !== null)).toBe(
    true,
  );
  expect(received).toHaveLength(created.length);
  expect(server.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);

  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
});
