// Webhooks: JSON events signed with the site's webhook secret, delivered through a Cloudflare
// Queue so failures are retried, each attempt recorded. Without a queue binding (some test and
// local setups) the first attempt is made at once.
import type { Db } from "../db/database.ts";
import { insertDelivery, recordAttempt } from "../db/notifications.ts";
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
  body: string;
}

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
  await insertDelivery(db, { id: deliveryId, siteId: site.id, event, url: site.webhookUrl, now });
  const message = { deliveryId, siteId: site.id, url: site.webhookUrl, body };
  if (ctx.queue) await ctx.queue.send(message);
  else await deliver(db, { secret: ctx.secret, environment: ctx.environment }, message);
}

/** `X-Confab-Signature: sha256=HMAC(secret, "<timestamp>.<body>")`, timestamp in its own header. */
export async function signature(secret: string, timestamp: number, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/** One delivery attempt; true when the receiver took it (2xx). */
export async function deliver(
  db: Db,
  q: { secret: string | null; environment: string | undefined },
  m: WebhookMessage,
): Promise<boolean> {
  const timestamp = Math.floor(Date.now() / 1000);
  const secret = q.secret;
  let status: number | null = null;
  let error: string | null = null;
  // A URL stored before the rule (or by hand) is checked again: no request to an internal address.
  const refused = outboundUrlProblem(m.url, { ENVIRONMENT: q.environment });
  if (refused) {
    await recordAttempt(db, {
      id: m.deliveryId,
      status: null,
      error: `refused: ${refused}`,
      delivered: null,
    });
    return true;
  }
  try {
    const res = await fetch(m.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Confab-Webhooks/1",
        "X-Confab-Timestamp": String(timestamp),
        ...(secret ? { "X-Confab-Signature": await signature(secret, timestamp, m.body) } : {}),
      },
      body: m.body,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (err) {
    error = (err as Error).name;
  }
  const ok = error === null;
  await recordAttempt(db, { id: m.deliveryId, status, error, delivered: ok ? nowIso() : null });
  return ok;
}
