// Work that runs after the answer (mails, webhooks, Akismet's lessons): one helper, so every
// such task is kept alive with waitUntil and every failure is logged with the request id instead
// of vanishing or reaching the reader.
import type { Db } from "../db/database.ts";
import type { Bindings } from "../env.ts";

/**
 * What work after a write needs of the request that made it. A Hono context is one; a queue
 * consumer (a Webmention verified later) makes one from its message, so a write there purges
 * reads, publishes live and fires effects through the same helpers as a request.
 */
export interface WorkContext {
  env: Bindings;
  var: { requestId: string; db: Db };
  /** The worker's own URL as the request reached it: its origin names the cached reads. */
  req: { url: string };
  executionCtx: { waitUntil(promise: Promise<unknown>): void };
}

export function inBackground(c: WorkContext, task: string, work: () => Promise<unknown>): void {
  const log = (error: unknown) =>
    console.error(JSON.stringify({ requestId: c.var.requestId, task, error: String(error) }));
  c.executionCtx.waitUntil(Promise.resolve().then(work).catch(log));
}
