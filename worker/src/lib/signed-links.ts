// One-click moderation links in notification mails: each is signed with the server's key for one
// action on one comment until one time, so it cannot be turned into another action, another
// comment or a later use.
import { constantTimeEqual, hmacHex } from "./crypto.ts";

export type LinkAction = "approve" | "spam" | "delete";
export const LINK_TTL_MS = 7 * 24 * 3600 * 1000;

const payload = (action: LinkAction, id: string, expires: number) => `moderate:${action}:${id}:${expires}`;

export async function signedLink(
  base: string,
  secret: string,
  action: LinkAction,
  id: string,
  nowMs: number,
): Promise<string> {
  const expires = Math.floor((nowMs + LINK_TTL_MS) / 1000);
  const sig = await hmacHex(secret, payload(action, id, expires));
  return `${base}/api/v1/moderate/${action}/${id}?expires=${expires}&sig=${sig}`;
}

export async function verifyLink(
  secret: string,
  q: { action: LinkAction; id: string; expires: string | undefined; sig: string | undefined; nowMs: number },
): Promise<"ok" | "invalid" | "expired"> {
  const expires = Number(q.expires);
  if (!q.sig || !/^\d{1,12}$/.test(q.expires ?? "")) return "invalid";
  const expected = await hmacHex(secret, payload(q.action, q.id, expires));
  if (!constantTimeEqual(expected, q.sig)) return "invalid";
  return expires * 1000 < q.nowMs ? "expired" : "ok";
}

/** A link for an address's reply-mail consent: `confirm` or `unsubscribe`, for one site. */
export type ConsentAction = "confirm" | "unsubscribe";
const CONSENT_TTL_MS = { confirm: 3 * 24 * 3600 * 1000, unsubscribe: 365 * 24 * 3600 * 1000 };

const consentPayload = (action: ConsentAction, site: string, email: string, expires: number) =>
  `consent:${action}:${site}:${email}:${expires}`;

export async function consentLink(
  base: string,
  secret: string,
  q: { action: ConsentAction; site: string; email: string; nowMs: number },
): Promise<string> {
  const expires = Math.floor((q.nowMs + CONSENT_TTL_MS[q.action]) / 1000);
  const sig = await hmacHex(secret, consentPayload(q.action, q.site, q.email, expires));
  const query = new URLSearchParams({ site: q.site, email: q.email, expires: String(expires), sig });
  return `${base}/api/v1/subscriptions/${q.action}?${query}`;
}

export async function verifyConsent(
  secret: string,
  q: {
    action: ConsentAction;
    site: string;
    email: string;
    expires: string | undefined;
    sig: string | undefined;
    nowMs: number;
  },
): Promise<"ok" | "invalid" | "expired"> {
  if (!q.sig || !/^\d{1,12}$/.test(q.expires ?? "")) return "invalid";
  const expires = Number(q.expires);
  const expected = await hmacHex(secret, consentPayload(q.action, q.site, q.email, expires));
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
  secret: string,
  q: { site: string; email: string; nowMs: number },
): Promise<string> {
  const expires = Math.floor((q.nowMs + NOTIFY_CONFIRM_TTL_MS) / 1000);
  const sig = await hmacHex(secret, notifyPayload(q.site, q.email, expires));
  const query = new URLSearchParams({ site: q.site, email: q.email, expires: String(expires), sig });
  return `${base}/api/v1/notify-emails/confirm?${query}`;
}

export async function verifyNotifyConfirm(
  secret: string,
  q: { site: string; email: string; expires: string | undefined; sig: string | undefined; nowMs: number },
): Promise<"ok" | "invalid" | "expired"> {
  if (!q.sig || !/^\d{1,12}$/.test(q.expires ?? "")) return "invalid";
  const expires = Number(q.expires);
  const expected = await hmacHex(secret, notifyPayload(q.site, q.email, expires));
  if (!constantTimeEqual(expected, q.sig)) return "invalid";
  return expires * 1000 < q.nowMs ? "expired" : "ok";
}
