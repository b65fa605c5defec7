// Base64url (RFC 4648 §5, without padding), strictly: anything else is not decoded, so a payload
// has exactly one spelling and a tampered one cannot pass as another encoding of the same bytes.

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** The bytes of a base64url string, or null when it is not canonical unpadded base64url. */
export function base64urlBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Trailing bits that atob ignores would give two spellings of the same bytes: refuse them.
  return base64url(bytes) === text ? bytes : null;
}

export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
