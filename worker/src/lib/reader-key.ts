// Who a reader is for likes, reactions and reports: a keyed hash of the network hash and the
// random id the widget keeps (no cookie, no User-Agent, no stored address: security.md). Two
// people behind one NAT are two readers; a new User-Agent is not a new one.
import type { Keys } from "./keys.ts";

export async function readerKey(keys: Keys, network: string | null, reader: string): Promise<string> {
  return (await keys.hmac("reader", `${network ?? "unknown"}\n${reader}`)).slice(0, 32);
}
