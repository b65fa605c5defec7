// A reader's network identity without storing the address (security.md, Privacy): the address
// is truncated to its /24 (IPv4) or /48 (IPv6) and hashed with a server-side key.
import type { Keys } from "./keys.ts";

export function truncateAddress(ip: string): string {
  const v4 = ip.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(":")) {
    const [head = ""] = ip.split("::");
    const groups = head.split(":").filter(Boolean).slice(0, 3);
    while (groups.length < 3) groups.push("0");
    return `${groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/48`;
  }
  return "unknown";
}

/** The opaque hash stored with a comment; `null` when the address is unknown. */
export async function networkHash(keys: Keys, ip: string | null | undefined): Promise<string | null> {
  if (!ip) return null;
  return (await keys.hmac("network", truncateAddress(ip.trim()))).slice(0, 32);
}
