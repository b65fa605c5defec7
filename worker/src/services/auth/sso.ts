// Site SSO (docs/identity.md, "Site SSO"): the site's own server vouches for its signed-in user by
// signing `p = base64url(JSON{ id, name, email?, avatar?, exp })` with the site's SSO secret, as
// `p + "." + base64url(HMAC-SHA-256(secret, p))`. The signature is checked with WebCrypto's
// `verify` (constant time) before a byte of the payload is read; any failure is the same 401, so a
// caller learns nothing about which check failed, and nothing is written.
import * as v from "valibot";
import { LIMITS } from "../../../../shared/limits.ts";
import type { SignInResponse } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { ssoSecretOf } from "../../db/sites.ts";
import { ApiError } from "../../lib/api-error.ts";
import { base64urlBytes } from "../../lib/base64url.ts";
import type { Keys } from "../../lib/keys.ts";
import { signIn } from "./sessions.ts";

/** How far ahead `exp` may be: a payload is meant for one page view, not to be kept. */
export const SSO_MAX_AHEAD_SECONDS = 24 * 3600;

const REFUSED = "This SSO sign-in is not valid: it is expired, badly signed or malformed.";
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;

const payloadSchema = v.object({
  // The site's own user id; a number is taken as its decimal text.
  id: v.pipe(
    v.union([v.pipe(v.number(), v.safeInteger(), v.transform(String)), v.string()]),
    v.minLength(1),
    v.maxLength(200),
  ),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.nameMax)),
  email: v.optional(
    v.nullable(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(LIMITS.emailMax), v.regex(EMAIL))),
  ),
  // Accepted so sites can send what other SSO schemes take, and ignored: Confab never loads a
  // third-party image (it would tell that host who reads the page); the avatar is generated.
  avatar: v.optional(v.unknown()),
  exp: v.pipe(v.number(), v.safeInteger()),
});

export type SsoPayload = v.InferOutput<typeof payloadSchema>;

const refused = () => new ApiError("unauthorized", REFUSED);
const encoder = new TextEncoder();

/** Whether `sig` is the HMAC-SHA-256 of `p` under `secret` (WebCrypto compares in constant time). */
async function signedBy(secret: string, p: string, sig: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  return crypto.subtle.verify("HMAC", key, sig, encoder.encode(p));
}

function parsePayload(bytes: Uint8Array): SsoPayload {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw refused();
  }
  const result = v.safeParse(payloadSchema, value);
  if (!result.success) throw refused();
  return result.output;
}

/** The user a site's signed payload vouches for, or a 401 when it does not verify or is not current. */
export async function verifySso(secret: string, sso: string, nowMs = Date.now()): Promise<SsoPayload> {
  const [p = "", s = "", ...rest] = sso.split(".");
  const sig = base64urlBytes(s);
  if (rest.length > 0 || p === "" || sig?.length !== 32) throw refused();
  if (!(await signedBy(secret, p, sig))) throw refused();
  const bytes = base64urlBytes(p);
  if (!bytes) throw refused();
  const payload = parsePayload(bytes);
  const now = Math.floor(nowMs / 1000);
  if (payload.exp <= now || payload.exp > now + SSO_MAX_AHEAD_SECONDS) throw refused();
  return payload;
}

/** Signs in the user a site's payload vouches for; a site without an SSO secret refuses every payload. */
export async function ssoSignIn(db: Db, keys: Keys, siteId: string, sso: string): Promise<SignInResponse> {
  const { site } = await batch(db, { site: ssoSecretOf(db, siteId) });
  const secret = site?.secret;
  if (!secret) throw new ApiError("unauthorized", "This site does not sign readers in with SSO.");
  const user = await verifySso(secret, sso);
  // The site vouches for the address: it is stored as verified, like a code-confirmed one.
  return signIn(db, keys, {
    siteId,
    kind: "sso",
    subject: user.id,
    name: user.name,
    email: user.email ?? null,
    method: "sso",
  });
}
