// Small wrappers over WebCrypto, the only crypto the Workers runtime needs.

const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** HMAC-SHA-256 under a key given as text (a site's webhook secret). */
export async function hmacHex(secret: string, value: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return hmacHexWith(key, value);
}

/** HMAC-SHA-256 under a key already imported (the derived keys of lib/keys.ts). */
export async function hmacHexWith(key: CryptoKey, value: string): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(value)));
}

/** A 256-bit random token, base64url, for edit tokens and other bearer secrets. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Compares two strings in time that depends only on their length (callers compare digests of
 * equal length), so a timing attack learns nothing about a secret.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
