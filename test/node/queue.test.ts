// The durable queue of the Node runtime (worker/node/queue.ts): a webhook whose receiver fails is
// retried after the server process restarts, SIGTERM leaves waiting messages in the file, an
// attempt cut by kill -9 is made again at the next start, and Queues' contract (attempts,
// retry delays, max_retries from wrangler.toml) holds.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { NodeD1 } from "../../worker/node/d1.ts";
import { DurableQueues } from "../../worker/node/queue.ts";
import { queueConfigs } from "../../worker/node/wrangler-config.ts";
import { addSite, adminFetch, freshDir, postComment, startNode } from "./server.ts";

const receivers: Server[] = [];
afterEach(() => {
  for (const r of receivers.splice(0)) r.close();
});

/** A webhook receiver answering each request with `answer` (which may hold it). */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const ids: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      ids.push(JSON.parse(body).id);
      answer(req, res, ids.length);
    });
  });
  receivers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, ids };
}

async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function query(dir: string, sql: string, ...args: (string | number)[]): Record<string, any>[] {
  const db = new DatabaseSync(join(dir, "data", "confab.sqlite"));
  try {
    return db.prepare(sql).all(...args) as Record<string, any>[];
  } finally {
    db.close();
  }
}

async function siteWithHook(url: string, hook: string) {
  await addSite(url);
  const res = await adminFetch(url, "/api/v1/admin/sites/blog", {
    method: "PATCH",
    body: { webhookUrl: hook },
  });
  expect(res.status).toBe(200);
}

// Development: a webhook to 127.0.0.1 is allowed (worker/src/lib/environment.ts).
const DEV = { ENVIRONMENT: "development" };

describe("durable queue on Node", () => {
  it("a webhook whose receiver failed is retried after a restart; SIGTERM keeps the waiting retry", async () => {
    const hook = await receiver((_req, res, n) => res.writeHead(n === 1 ? 500 : 200).end());
    const dir = freshDir();
    const first = await startNode(dir, DEV);
    await siteWithHook(first.url, hook.url);
    expect((await postComment(first.url, "A comment whose webhook fails once")).status).toBe(201);
    const [failed] = await until("the first attempt", () => {
      const rows = query(dir, "SELECT attempts, last_status, delivered_at FROM webhook_deliveries");
      return rows[0]?.attempts === 1 && rows;
    });
    expect(failed).toMatchObject({ attempts: 1, last_status: 500, delivered_at: null });
    expect(await first.stop("SIGTERM")).toBe(0);

    // The retry waits in the file: attempt 2, due 60 s after the failure (30 s × 2^attempts).
    const [waiting] = query(dir, "SELECT queue, attempts, next_at, body FROM queue_messages");
    expect(waiting).toMatchObject({ queue: "confab-webhooks", attempts: 2 });
    expect(waiting?.next_at - Date.now()).toBeGreaterThan(50_000);
    expect(JSON.parse(waiting?.body).deliveryId).toBe(hook.ids[0]);
    // Time passes while the server is down: the retry is due when it starts again.
    query(dir, "UPDATE queue_messages SET next_at = ?", Date.now() - 1000);

    const second = await startNode(dir, DEV);
    const [delivered] = await until("the retry", () => {
      const rows = query(dir, "SELECT attempts, last_status, delivered_at FROM webhook_deliveries");
      return rows[0]?.delivered_at && rows;
    });
    expect(delivered).toMatchObject({ attempts: 2, last_status: 200 });
    expect(hook.ids).toEqual([hook.ids[0], hook.ids[0]]);
    await until("the message gone", () => query(dir, "SELECT * FROM queue_messages").length === 0);
    expect(await second.stop("SIGTERM")).toBe(0);
  });

  it("an attempt cut by kill -9 is made again at the next start", async () => {
    let release: (() => void) | undefined;
    // The first request is held (the process dies during it); later ones are taken.
    const hook = await receiver((_req, res, n) => {
      if (n === 1) release = () => res.destroy();
      else res.writeHead(204).end();
    });
    const dir = freshDir();
    const first = await startNode(dir, DEV);
    await siteWithHook(first.url, hook.url);
    expect((await postComment(first.url, "A comment whose webhook is cut")).status).toBe(201);
    await until("the held attempt", () => hook.ids.length === 1);
    expect(await first.stop("SIGKILL")).toBe(null);
    release?.();
    expect(query(dir, "SELECT attempts FROM queue_messages")).toEqual([{ attempts: 1 }]);

    const second = await startNode(dir, DEV);
    await until(
      "the new attempt",
      () => query(dir, "SELECT delivered_at FROM webhook_deliveries")[0]?.delivered_at,
    );
    expect(hook.ids).toHaveLength(2);
    expect(hook.ids[1]).toBe(hook.ids[0]);
    await until("the message gone", () => query(dir, "SELECT * FROM queue_messages").length === 0);
    expect(await second.stop("SIGTERM")).toBe(0);
  });

  it("takes its queues and max_retries from wrangler.toml", () => {
    expect(queueConfigs()).toContainEqual({ binding: "WEBHOOKS", queue: "confab-webhooks", maxRetries: 8 });
  });

  it("counts attempts, honours retry delays, drops after max_retries, and keeps queues apart", async () => {
    const db = new NodeD1(join(freshDir(), "q.sqlite"));
    const seen: { queue: string; body: unknown; attempts: number; at: number }[] = [];
    const work: Promise<unknown>[] = [];
    const queues = new DurableQueues(
      db,
      async (batch) => {
        for (const m of batch.messages) {
          seen.push({ queue: batch.queue, body: m.body, attempts: m.attempts, at: Date.now() });
          if (batch.queue === "a") m.retry({ delaySeconds: m.attempts === 1 ? 0.3 : 0 });
          else m.ack();
        }
      },
      (p) => work.push(p),
      [
        { binding: "A", queue: "a", maxRetries: 2 },
        { binding: "B", queue: "b", maxRetries: 5 },
      ],
    );
    const bindings = queues.bindings();
    queues.start();
    const sent = Date.now();
    await bindings.A?.send({ n: 1 });
    await bindings.B?.send({ n: 2 });
    await until(
      "three attempts and a drop",
      () => seen.filter((s) => s.queue === "a").length === 3 && queues.waiting === 0,
    );
    queues.stop();
    await Promise.all(work);
    const a = seen.filter((s) => s.queue === "a");
    expect(a.map((s) => s.attempts)).toEqual([1, 2, 3]);
    expect(a.every((s) => JSON.stringify(s.body) === '{"n":1}')).toBe(true);
    expect((a[1]?.at ?? 0) - (a[0]?.at ?? 0)).toBeGreaterThanOrEqual(280);
    expect(seen.filter((s) => s.queue === "b")).toEqual([
      { queue: "b", body: { n: 2 }, attempts: 1, at: expect.any(Number) },
    ]);
    expect(sent).toBeLessThanOrEqual(a[0]?.at ?? 0);
    db.close();
  });
});
