// Webhooks: JSON events signed with the site's webhook secret, delivered through a Cloudflare
// Queue so failures are retried, each attempt recorded. Without a queue binding (some test and
// local setups) the first attempt is made at once. The body waits in D1 (webhook_deliveries), and
// the message names the delivery only, so an erase can still empty an event not yet delivered.
import type { Db } from "../db/database.ts";
import { deliveryBody, insertDelivery, recordAttempt } from "../db/notifications.ts";
import type { Site } from "../db/sites.ts";
import { hmacHex } from "../lib/crypto.ts";
import { timeId } from "../lib/ids.ts";
import { outboundUrlProblem } from "../lib/public-url.ts";
import { nowIso } from "../lib/time.ts";

export type WebhookEvent =
  | "comment.created"
  | "comment.approved"
  | "comment.spam"
  | "comment.deleted"
  | "comment.reported";

export interface WebhookMessage {
  deliveryId: string;
  siteId: string;
  url: string;
  /** Only on messages queued before migration 0016; newer bodies are read from the delivery's row. */
  body?: string;
}

/** Attempts in all: the first and wrangler.toml's `max_retries` (8) of the webhooks consumer. */
export const WEBHOOK_ATTEMPTS = 9;

export interface WebhookContext {
  queue: Queue<WebhookMessage> | undefined;
  secret: string | null;
  /** The deployment's ENVIRONMENT: outside development only public https URLs are called. */
  environment: string | undefined;
}

export async function queueWebhook(
  db: Db,
  ctx: WebhookContext,
  site: Site,
  event: WebhookEvent,
  data: Record<string, unknown>,
): Promise<void> {
  if (!site.webhookUrl) return;
  const deliveryId = timeId();
  const now = nowIso();
  const body = JSON.stringify({ id: deliveryId, event, site: site.id, createdAt: now, data });
  const commentId = typeof data.id === "string" ? data.id : null;
  await insertDelivery(db, {
    id: deliveryId,
    siteId: site.id,
    event,
    url: site.webhookUrl,
    now,
    commentId,
    body,
  });
  const message = { deliveryId, siteId: site.id, url: site.webhookUrl };
  if (ctx.queue) await ctx.queue.send(message);
  // No queue, no retry: this first attempt is also the last.
  else
    await deliver(
      db,
      { secret: ctx.secret, environment: ctx.environment, attempt: WEBHOOK_ATTEMPTS },
      message,
    );
}

/** `X-Confab-Signature: sha256=HMAC(secret, "<timestamp>.<body>")`, timestamp in its own header. */
export async function signature(secret: string, timestamp: number, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * One delivery attempt; true when no retry is wanted: the receiver took it (2xx), the URL is
 * refused, or the event is gone (an erase emptied it, or the cleanup removed its row).
 */
export async function deliver(
  db: Db,
  q: { secret: string | null; environment: string | undefined; attempt: number },
  m: WebhookMessage,
): Promise<boolean> {
  const stored = await deliveryBody(db, m.deliveryId);
  if (stored?.erased) {
    await recordAttempt(db, drop(m.deliveryId, "dropped: the comment was erased"));
    return true;
  }
  // Nothing to send: delivered or given up on already (a repeat, queues are at-least-once), or
  // its row is past retention.
  const body = stored?.body ?? m.body;
  if (!body) return true;
  // A URL stored before the rule (or by hand) is checked again: no request to an internal address.
  const refused = outboundUrlProblem(m.url, { ENVIRONMENT: q.environment });
  if (refused) {
    await recordAttempt(db, drop(m.deliveryId, `refused: ${refused}`));
    return true;
  }
  const { status, error } = await post(q.secret, m.url, body);
  const ok = error === null;
  const final = ok || q.attempt >= WEBHOOK_ATTEMPTS;
  await recordAttempt(db, { id: m.deliveryId, status, error, delivered: ok ? nowIso() : null, final });
  return ok;
}

const drop = (id: string, error: string) => ({ id, status: null, error, delivered: null, final: true });

/** The signed POST itself: the receiver's status, and an error unless it answered 2xx. */
async function post(
  secret: string | null,
  url: string,
  body: string,
): Promise<{ status: number | null; error: string | null }> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Confab-Webhooks/1",
        "X-Confab-Timestamp": String(timestamp),
        ...(secret ? { "X-Confab-Signature": await signature(secret, timestamp, body) } : {}),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { status: null, error: (err as Error).name };
  }
}
