// Outbound requests on Node: what the worker fetches (webhooks, Webmention sources, social posts)
// may only connect to public addresses outside development. On Cloudflare a Worker cannot reach
// the operator's network at all; on Node the process can, so the check the worker makes on a URL's
// name (lib/public-url.ts) is not enough: a public name can resolve to 127.0.0.1, 10.0.0.5 or
// 169.254.169.254. The check is made in the connection's own DNS lookup, so the address checked
// is the address connected to (no second lookup for a rebinding name to change).
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, setGlobalDispatcher } from "undici";

/** Addresses that are not on the public internet (IANA special-purpose registries). */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, "ipv6");

/** Whether an address (v4, v6, or v4 mapped into v6) is a public one. */
export function isPublicAddress(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls connections that refuses a name with any non-public address (all of a
 * name's addresses are checked, so a name cannot mix a public one with a private one).
 */
export function publicOnlyLookup(resolve: Resolve = dnsLookup as unknown as Resolve) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !isPublicAddress(a.address));
      const first = addresses[0];
      if (refused || !first) {
        const why = refused ? `a non-public address (${refused.address})` : "no address";
        const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${why}`);
        error.code = "ECONNREFUSED";
        return callback(error, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

/** The dispatcher whose connections only reach public addresses. */
export const publicOnlyAgent = (resolve?: Resolve): Agent =>
  new Agent({ connect: { lookup: publicOnlyLookup(resolve) as never } });

/** Every `fetch` of this process goes through the guard, outside development. */
export function guardOutbound(development: boolean): void {
  if (!development) setGlobalDispatcher(publicOnlyAgent());
}
