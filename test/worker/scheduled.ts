// The daily Cron Trigger, run through the worker's own scheduled handler with the test's settings,
// and its background work (the cleanup, the social pulls, the spam retention) awaited.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Bindings } from "../../worker/src/env.ts";
import worker from "../../worker/src/index.ts";

export const DAY = 24 * 3600 * 1000;
/** The time `msAgo` milliseconds ago, as stored. */
export const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

export async function runScheduled(vars: Partial<Bindings> = {}): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }),
    { ...(env as unknown as Bindings), ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
}
