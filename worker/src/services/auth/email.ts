// Sign-in by email (docs/identity.md): a 6-digit code and a link, mailed; either proves the
// address once. The code and the link's secret are stored only as keyed hashes and compared in
// constant time; a code lives 10 minutes, dies after 5 wrong tries, and a new request replaces it.
import type { SignInResponse } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { consumeCode, type EmailCodeRow, linkedCode, replaceCode, tryCode } from "../../db/email-codes.ts";
import { reserveSlot } from "../../db/rate-slots.ts";
import type { Site } from "../../db/sites.ts";
import { ApiError } from "../../lib/api-error.ts";
import { constantTimeEqual, randomToken } from "../../lib/crypto.ts";
import { timeId } from "../../lib/ids.ts";
import type { Keys } from "../../lib/keys.ts";
import { escapeHtml, type Mail } from "../../lib/mail.ts";
import { nowIso } from "../../lib/time.ts";
import { checkRate } from "../../spam/pipeline.ts";
import { signIn } from "./sessions.ts";

export const CODE_LIFE_MS = 10 * 60 * 1000;
/** Codes an address can be sent per site, and a network can ask for (docs/api.md). */
export const ADDRESS_LIMITS = { perMinute: 3, perHour: 10 } as const;
export const NETWORK_LIMITS = { perMinute: 10, perHour: 30 } as const;

// The largest multiple of 10^6 below 2^32: drawing again above it keeps every code equally likely.
const UNBIASED_BELOW = 4_294_000_000;

/** Six random digits, uniformly distributed. */
export function sixDigits(): string {
  const n = new Uint32Array(1);
  do crypto.getRandomValues(n);
  while ((n[0] ?? UNBIASED_BELOW) >= UNBIASED_BELOW);
  return String((n[0] ?? 0) % 1_000_000).padStart(6, "0");
}

const codeHash = (keys: Keys, id: string, code: string) => keys.hmac("email-code", `code\n${id}\n${code}`);
const linkHash = (keys: Keys, secret: string) => keys.hmac("email-code", `link\n${secret}`);

const invalidCode = () =>
  new ApiError("invalid_code", "This code is wrong, has expired or was used. Ask for a new one.");

/** Takes a slot for the address and one for the network, in one batch; 429 when either is full. */
async function checkLimits(db: Db, keys: Keys, q: { siteId: string; email: string; network: string | null }) {
  const nowMs = Date.now();
  const address = (await keys.hmac("email-code", `rate\n${q.siteId}\n${q.email}`)).slice(0, 32);
  const { byAddress, byNetwork } = await batch(db, {
    byAddress: reserveSlot(db, { key: `email-code:address:${address}`, limits: ADDRESS_LIMITS, nowMs }),
    byNetwork: reserveSlot(db, {
      key: `email-code:network:${q.network ?? "unknown"}`,
      limits: NETWORK_LIMITS,
      nowMs,
    }),
  });
  const message = "Too many sign-in codes were asked for. Please wait a little and try again.";
  checkRate(byAddress, message);
  checkRate(byNetwork, message);
}

/** The sign-in mail; what the outbox keeps of it has neither the code nor the link. */
function signInMail(site: Site, to: string, code: string, link: string): Mail {
  const body = (c: string, l: string) => ({
    text: `Your code to sign in to the comments of ${site.name}: ${c}\nOr sign in with this link: ${l}\nThe code and the link work once, for 10 minutes. If you did not ask for them, ignore this mail.`,
    html: `<p>Your code to sign in to the comments of ${escapeHtml(site.name)}:</p><p style="font-size:1.5em;letter-spacing:.2em"><b>${escapeHtml(c)}</b></p>
<p>Or <a href="${escapeHtml(l)}">sign in with this link</a>.</p><p>The code and the link work once, for 10 minutes. If you did not ask for them, ignore this mail.</p>`,
  });
  return {
    siteId: site.id,
    to,
    subject: `Your sign-in code for ${site.name}`.slice(0, 200),
    ...body(code, link),
    kept: body("(not kept)", "(not kept)"),
  };
}

/** Makes a new code for an address (replacing its older ones) and the mail that carries it. */
export async function requestCode(
  db: Db,
  keys: Keys,
  q: { site: Site; email: string; returnUrl: string | null; network: string | null; baseUrl: string },
): Promise<{ expiresAt: string; mail: Mail }> {
  await checkLimits(db, keys, { siteId: q.site.id, email: q.email, network: q.network });
  const nowMs = Date.now();
  const id = timeId(nowMs);
  const code = sixDigits();
  const secret = randomToken();
  const expiresAt = nowIso(nowMs + CODE_LIFE_MS);
  await batch(db, {
    code: replaceCode(db, {
      ...{ id, siteId: q.site.id, email: q.email, returnUrl: q.returnUrl, expiresAt },
      codeHash: await codeHash(keys, id, code),
      linkHash: await linkHash(keys, secret),
      now: nowIso(nowMs),
    }),
  });
  const link = `${q.baseUrl}/api/v1/auth/email/confirm?c=${id}&k=${secret}`;
  return { expiresAt, mail: signInMail(q.site, q.email, code, link) };
}

const emailProof = (siteId: string, email: string) =>
  ({ siteId, kind: "email", subject: email, name: "", email, method: "email" }) as const;

/** Signs in with the code of the mail; counts the try first, so at most 5 are ever compared. */
export async function verifyCode(
  db: Db,
  keys: Keys,
  q: { siteId: string; email: string; code: string },
): Promise<SignInResponse> {
  const now = nowIso();
  const { row } = await batch(db, { row: tryCode(db, { siteId: q.siteId, email: q.email, now }) });
  if (!row || !constantTimeEqual(row.code_hash, await codeHash(keys, row.id, q.code))) throw invalidCode();
  const { used } = await batch(db, { used: consumeCode(db, { id: row.id, now }) });
  if (!used) throw invalidCode();
  return signIn(db, keys, emailProof(q.siteId, q.email));
}

const deadLink = () =>
  new ApiError("link_used", "This sign-in link has expired or was used. Ask for a new code on the page.");

/** The live code a link names, when its secret matches; the link page reads it without writing. */
export async function codeOfLink(
  db: Db,
  keys: Keys,
  q: { id: string; secret: string },
): Promise<EmailCodeRow> {
  const { row } = await batch(db, { row: linkedCode(db, { id: q.id, now: nowIso() }) });
  if (!row || !constantTimeEqual(row.link_hash, await linkHash(keys, q.secret))) throw deadLink();
  return row;
}

/** Signs in with the link (its POST): the code is used up, as if it had been typed. */
export async function signInByLink(db: Db, keys: Keys, row: EmailCodeRow): Promise<SignInResponse> {
  const { used } = await batch(db, { used: consumeCode(db, { id: row.id, now: nowIso() }) });
  if (!used) throw deadLink();
  return signIn(db, keys, emailProof(row.site_id, row.email));
}
