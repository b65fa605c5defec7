// `cloudflare:test` in the `worker-node` project: what test/worker/ imports of it, on Node.
// `SELF.fetch` goes over HTTP to the Node server of this file (node-runtime.ts), as a reverse
// proxy would send it: the public URL in X-Forwarded-Proto/-Host, a test's CF-Connecting-IP as
// X-Forwarded-For (the server trusts them: TRUST_PROXY=on). A WebSocket upgrade goes through
// `ws` and answers as workerd's SELF does: 101 with `webSocket` (accept() is a no-op: `ws` has
// nothing to hold back), or the refusal with `webSocket` null.
import WebSocket from "ws";
import { Background } from "../../../worker/node/background.ts";
import { nextMillisecond } from "../../worker/runtime.ts";
import { running } from "./node-runtime.ts";

export type D1Migration = { name: string; queries: string[] };

export const SELF = {
  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.set("X-Forwarded-Proto", url.protocol.slice(0, -1));
    headers.set("X-Forwarded-Host", url.host);
    const address = headers.get("CF-Connecting-IP");
    headers.delete("CF-Connecting-IP");
    if (address) headers.set("X-Forwarded-For", address);
    const target = `${running.url}${url.pathname}${url.search}`;
    if (headers.get("Upgrade")?.toLowerCase() === "websocket") return upgrade(target, headers);
    const res = await fetch(target, {
      method: request.method,
      headers,
      body: request.body,
      redirect: request.redirect,
      signal: request.signal,
      duplex: "half",
    } as RequestInit);
    // What the request left running is done when its answer is handed over, and the clock has
    // moved on: workerd's advances across I/O, and a read built in the millisecond of a write's
    // purge is (rightly) not kept by the read cache (lib/reads/store.ts, purgedSince).
    await running.settled();
    await nextMillisecond();
    return res;
  },
};

/** Headers `ws` sets itself for a handshake. */
const HANDSHAKE = /^(upgrade|connection|sec-websocket-.*)$/i;

function upgrade(target: string, headers: Headers): Promise<Response> {
  const sent = Object.fromEntries([...headers].filter(([k]) => !HANDSHAKE.test(k)));
  const ws = new WebSocket(target.replace(/^http/, "ws"), { headers: sent });
  return new Promise((resolve, reject) => {
    let answer: Headers = new Headers();
    ws.once("upgrade", (res) => {
      answer = headersOf(res.headers);
    });
    ws.once("open", () => {
      // Node's Response refuses a 101 status: an empty answer that says 101, as workerd's does.
      const res = new Response(null, { headers: answer });
      Object.defineProperties(res, {
        status: { value: 101 },
        statusText: { value: "Switching Protocols" },
        ok: { value: false },
        webSocket: { value: Object.assign(ws, { accept: () => {} }) },
      });
      resolve(res);
    });
    ws.once("unexpected-response", (_req, res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const refused = new Response(Buffer.concat(chunks), {
          status: res.statusCode,
          headers: headersOf(res.headers),
        });
        resolve(Object.assign(refused, { webSocket: null }));
      });
    });
    ws.once("error", reject);
  });
}

const headersOf = (raw: Record<string, string | string[] | undefined>): Headers =>
  new Headers(
    Object.entries(raw).flatMap(([k, v]) =>
      v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]),
    ),
  );

const backgrounds = new WeakMap<object, Background>();

export function createExecutionContext(): ExecutionContext {
  const background = new Background();
  backgrounds.set(background.context, background);
  return background.context as unknown as ExecutionContext;
}

export async function waitOnExecutionContext(ctx: ExecutionContext): Promise<void> {
  await backgrounds.get(ctx)?.drain();
}

export function createScheduledController(options: { scheduledTime?: number | Date; cron?: string } = {}) {
  return {
    scheduledTime: Number(options.scheduledTime ?? Date.now()),
    cron: options.cron ?? "",
    noRetry: () => {},
  } as ScheduledController;
}

interface Outcome {
  ackAll: boolean;
  retryBatch: { retry: boolean; delaySeconds?: number };
  explicitAcks: string[];
  retryMessages: { msgId: string; delaySeconds?: number }[];
}

const outcomes = new WeakMap<object, Outcome>();

export function createMessageBatch<Body>(
  queue: string,
  messages: { id: string; timestamp: Date; attempts: number; body: Body }[],
): MessageBatch<Body> {
  const outcome: Outcome = {
    ackAll: false,
    retryBatch: { retry: false },
    explicitAcks: [],
    retryMessages: [],
  };
  const batch = {
    queue,
    messages: messages.map((m) => ({
      ...m,
      ack: () => outcome.explicitAcks.push(m.id),
      retry: (o?: { delaySeconds?: number }) => outcome.retryMessages.push({ msgId: m.id, ...o }),
    })),
    ackAll: () => {
      outcome.ackAll = true;
    },
    retryAll: (o?: { delaySeconds?: number }) => {
      outcome.retryBatch = { retry: true, ...o };
    },
  };
  outcomes.set(batch, outcome);
  return batch as unknown as MessageBatch<Body>;
}

export async function getQueueResult(batch: MessageBatch, ctx: ExecutionContext) {
  await waitOnExecutionContext(ctx);
  return { outcome: "ok", ...outcomes.get(batch) };
}

/** The Node server applies the migrations when it opens the file (worker/node/migrations.ts). */
export async function applyD1Migrations(): Promise<void> {}
