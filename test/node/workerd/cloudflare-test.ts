// `cloudflare:test` in the `worker-node` project: what test/worker/ imports of it, on Node.
// `SELF.fetch` goes over HTTP to the Node server of this file (node-runtime.ts), as a reverse
// proxy would send it: the public URL in X-Forwarded-Proto/-Host, a test's CF-Connecting-IP as
// X-Forwarded-For (the server trusts them: TRUST_PROXY=on).
import { Background } from "../../../worker/node/background.ts";
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
    return fetch(`${running.url}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: request.body,
      redirect: request.redirect,
      signal: request.signal,
      duplex: "half",
    } as RequestInit);
  },
};

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
