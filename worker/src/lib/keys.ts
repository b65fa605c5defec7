// One key per purpose, derived with HKDF-SHA-256 from the deployment's HASH_SECRET, so a key that
// leaks from one use (say, the edit tokens) says nothing of the others (network hashes, signed
// links). The secret itself keys nothing directly. Derived keys are cached per isolate.
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Bindings } from "../env.ts";
import { ApiError } from "./api-error.ts";
import { hmacHexWith } from "./crypto.ts";

export type KeyPurpose =
  | "network"
  | "avatar"
  | "edit-token"
  | "moderation-link"
  | "consent-link"
  | "notify-link"
  | "reader"
  | "email-code";

export interface Keys {
  /** HMAC-SHA-256 of `message` under the key of `purpose`, as hex. */
  hmac(purpose: KeyPurpose, message: string): Promise<string>;
}

/** At least 32 bytes, and not a short pattern repeated: `openssl rand -base64 32` gives 44 characters. */
export const MIN_SECRET_BYTES = 32;
const MIN_DISTINCT_CHARACTERS = 12;

const encoder = new TextEncoder();
const cache = new Map<string, Keys>();

/** Why a HASH_SECRET cannot be used, or null when it can. */
export function weakSecret(secret: string | undefined): string | null {
  if (!secret) return "HASH_SECRET is not set";
  if (encoder.encode(secret).length < MIN_SECRET_BYTES)
    return `HASH_SECRET is shorter than ${MIN_SECRET_BYTES} bytes`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) return "HASH_SECRET is not random";
  return null;
}

function derive(secret: string): Keys {
  const master = crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const keys = new Map<KeyPurpose, Promise<CryptoKey>>();
  const keyOf = (purpose: KeyPurpose) => {
    let key = keys.get(purpose);
    if (!key) {
      key = master.then((m) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: encoder.encode("confab/v1"), info: encoder.encode(purpose) },
          m,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign"],
        ),
      );
      keys.set(purpose, key);
    }
    return key;
  };
  return { hmac: async (purpose, message) => hmacHexWith(await keyOf(purpose), message) };
}

/** The keys of this deployment; a missing or weak HASH_SECRET refuses the request with a clear error. */
export function keysOf(env: Pick<Bindings, "HASH_SECRET">): Keys {
  const secret = env.HASH_SECRET ?? "";
  const cached = cache.get(secret);
  if (cached) return cached;
  const weak = weakSecret(secret);
  if (weak) {
    console.error(JSON.stringify({ config: weak }));
    throw new ApiError(
      "internal",
      `The server is not configured for writing: ${weak}. Set a random HASH_SECRET of at least ${MIN_SECRET_BYTES} bytes (openssl rand -base64 32).`,
      { expose: true },
    );
  }
  const keys = derive(secret);
  cache.set(secret, keys);
  return keys;
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses every request that may write (any method but GET, HEAD and OPTIONS) before it does
 * anything when the keys cannot be derived. Some writes only need a key for their effects (the
 * mails of an edit, the links of a decision): checked there, the change would be stored and then
 * answered with an error, or stored without its mails.
 */
export function writesNeedKeys(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!READS.has(c.req.method)) keysOf(c.env);
    await next();
  };
}
