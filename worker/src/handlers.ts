// The worker's handlers: fetch (the route table), the daily cleanup and webhook deliveries. The
// runtime's entry point (index.ts) adds the Durable Object class; a runtime without Durable
// Objects (worker/node/) imports this module alone.
import { app } from "./app.ts";
import { getSiteSecrets } from "./db/sites.ts";
import type { Bindings } from "./env.ts";

import { cleanup, outboxRetention } from "./services/cleanup.ts";
import { deliver, type WebhookMessage } from "./services/webhooks.ts";

export default {
  fetch: app.fetch,
  /** The daily Cron Trigger of wrangler.toml: the privacy cleanup. */
  async scheduled(_controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
    const days = outboxRetention(env.OUTBOX_RETENTION_DAYS);
    ctx.waitUntil(cleanup(env.DB, Date.now(), days).then((r) => console.log(JSON.stringify({ cleanup: r }))));
  },
  /** Webhook deliveries: a failed attempt goes back to the queue, which retries with a delay. */
  async queue(batch: MessageBatch<WebhookMessage>, env: Bindings, _ctx: ExecutionContext): Promise<void> {
    for (const message of batch.messages) {
      const { webhookSecret } = await getSiteSecrets(env.DB, message.body.siteId);
      if (await deliver(env.DB, { secret: webhookSecret, environment: env.ENVIRONMENT }, message.body))
        message.ack();
      else message.retry({ delaySeconds: Math.min(3600, 30 * 2 ** message.attempts) });
    }
  },
} satisfies ExportedHandler<Bindings, WebhookMessage>;
