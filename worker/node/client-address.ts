// CF-Connecting-IP on Node. On Cloudflare the edge sets it and a client cannot; here a client
// could send it, so it is always replaced: by the socket's peer, or, behind a reverse proxy the
// operator vouches for (TRUST_PROXY=on), by the address that proxy appended to X-Forwarded-For.
// Without it, behind a proxy, every reader would share the proxy's address (and its rate limit).
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
 * The scheme the reader used, behind a trusted proxy that ends TLS: its last X-Forwarded-Proto
 * (`https` or `http`), else null (the socket's own, http). The worker builds links from the
 * request's origin (sign-in callbacks, mail links, feeds), so they say https as on Cloudflare.
 */
export function forwardedScheme(
  incoming: Incoming | undefined,
  trustProxy: boolean,
): "http" | "https" | null {
  if (!trustProxy) return null;
  const proto = incoming?.headers["x-forwarded-proto"];
  const last = (Array.isArray(proto) ? proto.join(",") : proto)?.split(",").at(-1)?.trim().toLowerCase();
  return last === "https" || last === "http" ? last : null;
}

/**
 * The request as the worker should see it: with the caller's address (and scheme) and no forged
 * one. Changed in place, not copied: @hono/node-server's request is a light object over Node's,
 * and a copy (`new Request`) would build the full one on every request, the hot reads' included.
 */
export function withClientAddress(
  request: Request,
  address: string | null,
  scheme: string | null = null,
): Request {
  request.headers.delete(HEADER);
  if (address) request.headers.set(HEADER, address);
  const url = new URL(request.url);
  if (!scheme || url.protocol === `${scheme}:`) return request;
  url.protocol = `${scheme}:`;
  // The app reads only `url` of it (c.req.url); the body and the rest stay the request's own.
  Object.defineProperty(request, "url", { value: url.href });
  return request;
}
