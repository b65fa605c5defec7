// CF-Connecting-IP on Node. On Cloudflare the edge sets it and a client cannot; here a client
// could send it, so it is always replaced: by the socket's peer, or, behind a reverse proxy the
// operator vouches for (TRUST_PROXY=on), by the address that proxy appended to X-Forwarded-For.
// Without it, behind a proxy, every reader would share the proxy's address (and its rate limit).
// The same trust gives the request its public URL (X-Forwarded-Proto and -Host).
import type { IncomingHttpHeaders } from "node:http";

/** What is read of Node's request (HTTP/1 or HTTP/2). */
interface Incoming {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string };
}

const HEADER = "CF-Connecting-IP";

export function clientAddress(incoming: Incoming | undefined, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = incoming?.headers["x-forwarded-for"];
    const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  const peer = incoming?.socket.remoteAddress;
  return peer ? peer.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "") : null;
}

/** The public origin a trusted proxy names (X-Forwarded-Proto and -Host), else null. */
export function forwardedOrigin(headers: Headers): string | null {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim();
  const proto = first("X-Forwarded-Proto");
  const host = first("X-Forwarded-Host");
  if (!host || (proto !== "http" && proto !== "https")) return null;
  try {
    const url = new URL(`${proto}://${host}`);
    const bare = !url.username && !url.password && url.pathname === "/" && !url.search && !url.hash;
    return bare ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The request as the worker should see it: with the caller's address and no forged one, and,
 * behind a trusted proxy, at the public URL the proxy was asked for (the worker builds OAuth
 * redirect URIs and mail links from the request's URL; the socket's is 127.0.0.1).
 */
export function withClientAddress(request: Request, address: string | null, trustProxy = false): Request {
  const headers = new Headers(request.headers);
  headers.delete(HEADER);
  if (address) headers.set(HEADER, address);
  const origin = trustProxy ? forwardedOrigin(request.headers) : null;
  if (!origin) return new Request(request, { headers });
  const url = new URL(request.url);
  return new Request(new URL(`${url.pathname}${url.search}`, origin), {
    method: request.method,
    headers,
    body: request.body,
    redirect: request.redirect,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}
