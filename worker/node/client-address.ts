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

/** The request as the worker should see it: with the caller's address and no forged one. */
export function withClientAddress(request: Request, address: string | null): Request {
  const headers = new Headers(request.headers);
  headers.delete(HEADER);
  if (address) headers.set(HEADER, address);
  return new Request(request, { headers });
}
