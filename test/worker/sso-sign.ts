// Signs an SSO payload as a site's server would (docs/identity.md, "Site SSO"), with WebCrypto,
// so tests can make any payload, broken ones included. The docs' Node example is run by the fake
// site server (test/fakes/site-server.ts).
import { inject } from "vitest";

const encoder = new TextEncoder();

export function b64url(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** base64url(HMAC-SHA-256(key = the secret's UTF-8 bytes, message = p)). */
export async function ssoSignature(secret: string, p: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(p))));
}

/** `p.sig` for a payload given as an object (JSON-encoded) or as the exact text to encode. */
export async function signSso(secret: string, payload: unknown): Promise<string> {
  const p = b64url(typeof payload === "string" ? payload : JSON.stringify(payload));
  return `${p}.${await ssoSignature(secret, p)}`;
}

/** Unix seconds, `seconds` from now. */
export const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

/** A payload signed by the fake site server, with the docs' own Node example. */
export async function signedByDocExample(secret: string, user: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${inject("siteServerUrl")}/sso`, {
    method: "POST",
    body: JSON.stringify({ secret, user }),
  });
  if (!res.ok) throw new Error(`site server: ${res.status}`);
  return res.text();
}
