// URLs the worker itself will call (today: a site's webhook). Outside development they must be
// `https:` with a public DNS name, so a site setting cannot aim the worker's requests at loopback,
// the local network or a cloud metadata address and read the answers' status in the delivery log.
// The check is on the name as written; the URL parser has already turned every spelling of an IP
// address (`2130706433`, `0x7f.1`, `017700000001`, `[::1]`) into its canonical form, so one test
// catches them all.
import { isDevelopment } from "./environment.ts";

/**
 * Names that are not on the public internet: RFC 6761's `localhost`, mDNS's `local`, ICANN's
 * `internal`, RFC 8375's `home.arpa`, and the private-use names of RFC 6762 appendix G that
 * networks commonly resolve to their own hosts.
 */
const PRIVATE_SUFFIXES = [
  "localhost",
  "local",
  "internal",
  "home.arpa",
  "localdomain",
  "intranet",
  "private",
  "corp",
  "home",
  "lan",
];

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// Labels as the parser leaves them: lower-case letters, digits and hyphens (IDNs as punycode).
const DNS_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `host` (a parsed URL's hostname) is not a public DNS name, or null when it is one. */
function hostProblem(hostname: string): string | null {
  const host = hostname.replace(/\.$/, "");
  if (host.startsWith("[") || IPV4.test(host)) return "an IP address";
  if (!host.includes(".") && host !== "localhost") return "a single-label name";
  const suffix = PRIVATE_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
  if (suffix) return `a private name (.${suffix})`;
  if (!DNS_NAME.test(host) || /^\d+$/.test(host.slice(host.lastIndexOf(".") + 1))) return "not a DNS name";
  return null;
}

/**
 * Null when the worker may call `url`; else a sentence saying why not. In development (the
 * ENVIRONMENT var) any http(s) URL is fine: webhooks go to a receiver on the same machine.
 */
export function outboundUrlProblem(url: string, env: { ENVIRONMENT?: string }): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "it is not a URL";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "it is not an http(s) URL";
  if (isDevelopment(env)) return null;
  if (u.protocol !== "https:") return "it must use https:";
  const problem = hostProblem(u.hostname);
  return problem ? `its host is ${problem}; use a public DNS name` : null;
}
