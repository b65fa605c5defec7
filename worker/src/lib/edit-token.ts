// Edit tokens prove authorship without accounts. The token is derived from the comment id with
// the server's edit-token key, so an idempotent retry can hand the same token out again without
// it ever being stored; the comment row keeps only its SHA-256 (security.md).
import { ApiError } from "./api-error.ts";
import { constantTimeEqual, sha256Hex } from "./crypto.ts";
import type { Keys } from "./keys.ts";

export async function editTokenFor(keys: Keys, commentId: string): Promise<string> {
  const hex = await keys.hmac("edit-token", commentId);
  const bytes = new Uint8Array(hex.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The bearer token of an `Authorization` header (an edit token, or a reader's session token);
 * 401 when it is missing or malformed.
 */
export function bearerToken(header: string | undefined): string {
  const token = header?.match(/^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/)?.[1];
  if (!token) throw new ApiError("unauthorized", "Send your edit token as Authorization: Bearer <token>.");
  return token;
}

/** Whether the token's hash is the stored one, compared in constant time. */
export async function editTokenMatches(token: string, storedHash: string | null): Promise<boolean> {
  return constantTimeEqual(await sha256Hex(token), storedHash ?? "");
}
