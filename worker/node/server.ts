// The same worker (worker/src/handlers.ts) on plain Node: its fetch, queue and scheduled handlers
// with SQLite as DB, dist/ as ASSETS, wrangler.toml's queues kept in the file, an in-process
// broadcaster as the LIVE Durable Objects, a daily timer as the cron, and every request's background
// work tracked so a shutdown can wait for it.

import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import { serve } from "@hono/node-server";
import type { Bindings } from "../src/env.ts";
import worker from "../src/handlers.ts";
import { assetsFetcher } from "./assets.ts";
import { Background } from "./background.ts";
import { installCaches } from "./caches.ts";
import { clientAddress, withClientAddress } from "./client-address.ts";
import { daily } from "./cron.ts";
import { asD1, type NodeD1 } from "./d1.ts";
import { LiveBroadcaster } from "./live.ts";
import { flushLogs, logLine } from "./log.ts";
import { DurableQueues } from "./queue.ts";
import type { Settings } from "./settings.ts";

export const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
/** How long a shutdown lets open requests finish before it cuts their connections. */
const CLOSE_GRACE_MS = 10_000;

export interface Running {
  url: string;
  /** The bindings the worker's handlers get (tests read and call through them). */
  env: Bindings;
  /** Resolves once the work requests left running (mails, webhooks, purges) is done. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

type Log = (line: Record<string, unknown>) => void;

export async function startServer(
  db: NodeD1,
  settings: Settings,
  listen: {
    port: number;
    host: string;
    distDir?: string;
    /** The worker's fetch, wrapped (the bench counts its D1 calls, bench/lib/node-runtime.ts). */
    fetch?: typeof worker.fetch;
    /** Where log lines go (in-process tests keep them quiet); JSON lines on stdout by default. */
    log?: Log;
  },
): Promise<Running> {
  const appFetch = listen.fetch ?? worker.fetch;
  const log = listen.log ?? logLine;
  installCaches();
  const background = new Background();
  const ctx = background.context as unknown as ExecutionContext;
  const env = { ...settings, DB: asD1(db), ASSETS: assetsFetcher(listen.distDir ?? DIST) } as Bindings;
  const queues = new DurableQueues(
    db,
    (batch) => worker.queue(batch as MessageBatch<never>, env, ctx),
    (p) => background.track(p),
  );
  Object.assign(env, queues.bindings());
  const live = new LiveBroadcaster();
  env.LIVE = live.binding;
  let stopping = false;

  const health = (): Response => {
    let database = "ok";
    try {
      db.file.prepare("SELECT 1").get();
    } catch (err) {
      database = String(err);
    }
    const ok = database === "ok" && !stopping;
    const body = { status: ok ? "ok" : "unavailable", database, stopping, background: background.size };
    return Response.json(body, { status: ok ? 200 : 503 });
  };

  const trustProxy = settings.TRUST_PROXY === "on";
  const fetch = async (
    request: Request,
    node?: Pick<HttpBindings | Http2Bindings, "incoming">,
  ): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    const res =
      url.pathname === "/healthz"
        ? health()
        : await appFetch(
            withClientAddress(request, clientAddress(node?.incoming, trustProxy), trustProxy),
            env,
            ctx,
          );
    log({
      level: res.status >= 500 ? "error" : "info",
      method: request.method,
      path: url.pathname,
      status: res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: res.headers.get("X-Request-Id") ?? undefined,
    });
    return res;
  };

  const server = await new Promise<HttpServer>((resolve) => {
    const s = serve({ fetch, port: listen.port, hostname: listen.host }, () => resolve(s as HttpServer));
  });
  live.handleUpgrades(server, (request, incoming) => fetch(request, { incoming }));
  const address = server.address() as AddressInfo;
  queues.start();
  const stopCron = daily((scheduledTime) =>
    worker.scheduled({ scheduledTime, cron: "17 3 * * *", noRetry: () => {} }, env, ctx),
  );

  const close = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    stopCron();
    live.closeAll();
    // No new connections; open requests finish (each write commits before its answer is sent).
    await new Promise<void>((resolve) => {
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      // A kept-alive connection goes as soon as its answer is out, not at its idle timeout.
      const idle = setInterval(() => server.closeIdleConnections(), 25);
      server.close(() => {
        clearTimeout(cut);
        clearInterval(idle);
        resolve();
      });
      server.closeIdleConnections();
    });
    // Then what those requests left running (mails, webhook attempts, purges).
    await background.drain();
    queues.stop();
    await background.drain();
    db.close();
    flushLogs();
  };
  const settled = () => background.drain();
  return { url: `http://${address.address}:${address.port}`, env, settled, close };
}
