// Work that runs after the answer (mails, webhooks, Akismet's lessons): one helper, so every
// such task is kept alive with waitUntil and every failure is logged with the request id instead
// of vanishing or reaching the reader.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";

export function inBackground(c: Context<AppEnv>, task: string, work: () => Promise<unknown>): void {
  const log = (error: unknown) =>
    console.error(JSON.stringify({ requestId: c.get("requestId"), task, error: String(error) }));
  c.executionCtx.waitUntil(Promise.resolve().then(work).catch(log));
}
