// Links in mails, signed so they cannot be turned into another action, another comment, another
// address or a later use. Moderation links also name the comment's state when they were made
// (its `updated_at`): once the comment changes (a decision, an edit), every older link for it is
// used up, so a link cannot be replayed to undo a later decision.
import { constantTimeEqual } from "./crypto.ts";
import type { Keys } from "./keys.ts";

export type LinkAction = "approve" | "spam" | "delete";
export const LINK_TTL_MS = 7 * 24 * 3600 * 1000;

export type LinkVerdict = "ok" | "invalid" | "expired";

const DIGITS = /^\d{1,15}$/;

/** The state stamp of a comment row as it goes into a link. */
export const stampOf = (updatedAt: string): string => String(Date.parse(updatedAt));

const payload = (action: LinkAction, id: string, stamp: string, expires: number) =>
  `${action}\n${id}\n${stamp}\n${expires}`;

export async function signedLink(
  base: string,
  keys: Keys,
  q: { action: LinkAction; id: string; updatedAt: string; nowMs: number },
): Promise<string> {
  const expires = Math.floor((q.nowMs + LINK_TTL_MS) / 1000);
  const stamp = stampOf(q.updatedAt);
  const sig = await keys.hmac("moderation-link", payload(q.action, q.id, stamp, expires));
  return `${base}/api/v1/moderate/${q.action}/${q.id}?v=${stamp}&expires=${expires}&sig=${sig}`;
}

export async function verifyLink(
  keys: Keys,
  q: {
    action: LinkAction;
    id: string;
    stamp: string | undefined;
    expires: string | undefined;
    sig: string | undefined;
    nowMs: number;
  },
): Promise<LinkVerdict> {
  if (!q.sig || !DIGITS.test(q.expires ?? "") || !DIGITS.test(q.stamp ?? "")) return "invalid";
  const expires = Number(q.expires);
  const expected = await keys.hmac("moderation-link", payload(q.action, q.id, q.stamp ?? "", expires));
  if (!constantTimeEqual(expected, q.sig)) return "invalid";
  return expires * 1000 < q.nowMs ? "expired" : "ok";
}

/** A link for an address's reply-mail consent: `confirm` or `unsubscribe`, for one site. */
export type ConsentAction = "confirm" | "unsubscribe";
const CONSENT_TTL_MS = { confirm: 3 * 24 * 3600 * 1000, unsubscribe: 365 * 24 * 3600 * 1000 };

const consentPayload = (action: ConsentAction, site: string, email: string, expires: number) =>
  `${action}\n${site}\n${email}\n${expires}`;

export async function consentLink(
  base: string,
  keys: Keys,
  q: { action: ConsentAction; site: string; email: string; nowMs: number },
): Promise<string> {
  const expires = Math.floor((q.nowMs + CONSENT_TTL_MS[q.action]) / 1000);
  const sig = await keys.hmac("consent-link", consentPayload(q.action, q.site, q.email, expires));
  const query = new URLSearchParams({ site: q.site, email: q.email, expires: String(expires), sig });
  return `${base}/api/v1/subscriptions/${q.action}?${query}`;
}

export async function verifyConsent(
  keys: Keys,
  q: {
    action: ConsentAction;
    site: string;
    email: string;
    expires: string | undefined;
    sig: string | undefined;
    nowMs: number;
  },
): Promise<LinkVerdict> {
  if (!q.sig || !DIGITS.test(q.expires ?? "")) return "invalid";
  const expires = Number(q.expires);
  const expected = await keys.hmac("consent-link", consentPayload(q.action, q.site, q.email, expires));
  if (!constantTimeEqual(expected, q.sig)) return "invalid";
  return expires * 1000 < q.nowMs ? "expired" : "ok";
}

// ---------------------------------------------------------------------------------------------
// Notification-address confirmation (docs/api.md, "Site"): a new address in a site's
// `notifyEmails` gets moderator mail only after it follows this link. The signature binds the
// site, the address and the expiry, so it confirms nothing else and nothing later.

export const NOTIFY_CONFIRM_TTL_MS = 3 * 24 * 3600 * 1000;

const notifyPayload = (site: string, email: string, expires: number) =>
  `notify-confirm:${site}:${email}:${expires}`;

export async function notifyConfirmLink(
  base: string,
  keys: Keys,
  q: { site: string; email: string; nowMs: number },
): Promise<string> {
  const expires = Math.floor((q.nowMs + NOTIFY_CONFIRM_TTL_MS) / 1000);
  const sig = await keys.hmac("notify-link", notifyPayload(q.site, q.email, expires));
  const query = new URLSearchParams({ site: q.site, email: q.email, expires: String(expires), sig });
  return `${base}/api/v1/notify-emails/confirm?${query}`;
}

export async function verifyNotifyConfirm(
  keys: Keys,
  q: { site: string; email: string; expires: string | undefined; sig: string | undefined; nowMs: number },
): Promise<LinkVerdict> {
  if (!q.sig || !DIGITS.test(q.expires ?? "")) return "invalid";
  const expires = Number(q.expires);
  const expected = await keys.hmac("notify-link", notifyPayload(q.site, q.email, expires));
  if (!constantTimeEqual(expected, q.sig)) return "invalid";
  return expires * 1000 < q.nowMs ? "expired" : "ok";
}
