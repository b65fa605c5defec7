// Headers on every answer: a request id to match logs, and the safe defaults of security.md.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

export function commonHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  };
}
