// Headers on every answer: a request id to match logs, and the safe defaults of security.md.
// The hot path (lib/hot-read.ts) answers without the middleware and takes the same ones from here.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

export const newRequestId = (): string => crypto.randomUUID();

/** The headers every answer carries, as one object (the hot path builds its answer from objects). */
export function commonHeadersOf(requestId: string): Record<string, string> {
  return {
    "X-Request-Id": requestId,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
  };
}

/** Adds `extra` to an answer's headers: `Vary` is added to, anything else replaced. */
export function addHeaders(headers: Headers, extra: Record<string, string>): void {
  for (const name in extra) {
    const value = extra[name] as string;
    if (name === "Vary") headers.append(name, value);
    else headers.set(name, value);
  }
}

export function commonHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = newRequestId();
    c.set("requestId", requestId);
    await next();
    addHeaders(c.res.headers, commonHeadersOf(requestId));
  };
}
