// The worker's handlers: fetch (the hot path, then the route table), the daily cleanup and webhook deliveries. The
// runtime's entry point (index.ts) adds the Durable Object class; a runtime without Durable
// Objects (worker/node/) imports this module alone.
import { app } from "./app.ts";
import { getSiteSecrets } from "./db/sites.ts";
import type { Bindings } from "./env.ts";
import { hotRead } from "./lib/hot-read.ts";
import { cleanup, outboxRetention } from "./services/cleanup.ts";
import { pullDue } from "./services/social/pull.ts";
import { eraseOldSpam } from "./services/spam-retention.ts";
import { deliver, type WebhookMessage } from "./services/webhooks.ts";
import { type MentionMessage, WEBMENTION_QUEUE } from "./services/webmention/receive.ts";
import { verifyMention } from "./services/webmention/verify.ts";

type QueueMessage = WebhookMessage | MentionMessage;

const CRON_ORIGIN = "https://cron.invalid/";

/** Webmentions to verify: a failure the source causes is the mention's status, not a retry; only
 * our own failure (D1 unavailable) is retried. */
async function verifyMentions(batch: MessageBatch<MentionMessage>, env: Bindings, ctx: ExecutionContext) {
  for (const message of batch.messages) {
    const { id, url, requestId } = message.body;
    try {
      await verifyMention({ env, var: { requestId, db: env.DB }, req: { url }, executionCtx: ctx }, id);
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ requestId, task: "webmention", error: String(err) }));
      message.retry({ delaySeconds: 60 * message.attempts });
    }
  }
}

export default {
  /** A fresh answer the full path already gave for this exact GET (lib/hot-read.ts), else the app. */
  fetch: (request: Request, env: Bindings, ctx: ExecutionContext) =>
    hotRead(request, env) ?? app.fetch(request, env, ctx),
  /** The daily Cron Trigger of wrangler.toml: the privacy cleanup, the pull of Mastodon and
   * Bluesky replies of every linked thread (services/social/pull.ts), and the erasure of spam past
   * its retention (services/spam-retention.ts). */
  async scheduled(_controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
    const days = outboxRetention(env.OUTBOX_RETENTION_DAYS);
    ctx.waitUntil(cleanup(env.DB, Date.now(), days).then((r) => console.log(JSON.stringify({ cleanup: r }))));
    // No request: the cached reads are purged in this isolate (and elsewhere within the
    // freshness bound, as a pull bumps the thread's version); CRON_ORIGIN names no Cache API entry.
    const work = {
      env,
      var: { requestId: crypto.randomUUID(), db: env.DB },
      req: { url: CRON_ORIGIN },
      executionCtx: ctx,
    };
    ctx.waitUntil(pullDue(work).then((threads) => console.log(JSON.stringify({ socialPulls: threads }))));
    ctx.waitUntil(eraseOldSpam(work).then((erased) => console.log(JSON.stringify({ spamErased: erased }))));
  },
  /** Webhook deliveries (a failed attempt goes back to the queue, which retries with a delay), and
   * Webmentions to verify, told apart by their queue's name. */
  async queue(batch: MessageBatch<QueueMessage>, env: Bindings, ctx: ExecutionContext): Promise<void> {
    if (batch.queue === WEBMENTION_QUEUE)
      return verifyMentions(batch as MessageBatch<MentionMessage>, env, ctx);
    for (const message of (batch as MessageBatch<WebhookMessage>).messages) {
      const { webhookSecret } = await getSiteSecrets(env.DB, message.body.siteId);
      const q = { secret: webhookSecret, environment: env.ENVIRONMENT, attempt: message.attempts };
      if (await deliver(env.DB, q, message.body)) message.ack();
      else message.retry({ delaySeconds: Math.min(3600, 30 * 2 ** message.attempts) });
    }
  },
} satisfies ExportedHandler<Bindings, QueueMessage>;
