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

/**
 * The public origin behind a trusted proxy: X-Forwarded-Proto (`http` or `https`) with
 * X-Forwarded-Host, or with the request's own Host when the proxy passes that on (nginx's
 * `proxy_set_header Host $host`); the first of a list; null when anything is missing or is more
 * than a bare host. The worker builds links from the request's origin (sign-in callbacks, mail
 * links, feeds), so they name the public URL, as on Cloudflare.
 */
export function forwardedOrigin(headers: Headers, ownHost?: string): string | null {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim();
  const proto = first("X-Forwarded-Proto")?.toLowerCase();
  const host = first("X-Forwarded-Host") ?? ownHost;
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
 * behind a trusted proxy, at the public URL the proxy was asked for. Changed in place, not copied:
 * @hono/node-server's request is a light object over Node's, and a copy (`new Request`) would
 * build the full one on every request, the hot reads' included.
 */
export function withClientAddress(request: Request, address: string | null, trustProxy = false): Request {
  request.headers.delete(HEADER);
  if (address) request.headers.set(HEADER, address);
  if (!trustProxy) return request;
  const url = new URL(request.url);
  const origin = forwardedOrigin(request.headers, url.host);
  if (!origin || origin === url.origin) return request;
  // The app reads only `url` of it (c.req.url); the body and the rest stay the request's own.
  Object.defineProperty(request, "url", { value: new URL(`${url.pathname}${url.search}`, origin).href });
  return request;
}
