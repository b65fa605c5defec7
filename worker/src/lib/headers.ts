// Headers on every answer: a request id to match logs, and the safe defaults of security.md.
// The hot path (lib/hot-read.ts) answers without the middleware and sets the same ones from here.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

export const newRequestId = (): string => crypto.randomUUID();

export function setCommonHeaders(headers: Headers, requestId: string): void {
  headers.set("X-Request-Id", requestId);
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
}

export function commonHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = newRequestId();
    c.set("requestId", requestId);
    await next();
    setCommonHeaders(c.res.headers, requestId);
  };
}
