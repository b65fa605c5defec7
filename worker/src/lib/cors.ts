// CORS for the reader API: only a site's own origins may read or write its threads.
// A preflight carries no site, so it is allowed for an origin of any registered site; the request
// itself is then checked against its own site by `admitOrigin` in the route.
import type { Context, MiddlewareHandler } from "hono";
import { anySiteAllowsOrigin } from "../db/sites.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "./api-error.ts";
import { addHeaders } from "./headers.ts";
import { canonicalOrigin, originCandidates } from "./origins.ts";

const ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS = "Content-Type, Authorization, Idempotency-Key";
const EXPOSE_HEADERS = "X-Request-Id, Retry-After, ETag, X-Confab-Cache, X-Confab-Bookmark";

/** Origin header → the entries that would admit it (null: not an origin). A few origins recur. */
const candidatesMemo = new Map<string, [string, string] | null>();

function candidatesOf(origin: string): [string, string] | null {
  let found = candidatesMemo.get(origin);
  if (found !== undefined) return found;
  const canonical = canonicalOrigin(origin);
  found = canonical ? originCandidates(canonical) : null;
  if (candidatesMemo.size >= 256) candidatesMemo.clear();
  candidatesMemo.set(origin, found);
  return found;
}

/** Whether a site's origin list admits `origin` (exact, or the scheme+host any-port entry). */
export function originAllowed(origins: readonly string[], origin: string): boolean {
  const candidates = candidatesOf(origin);
  return candidates !== null && (origins.includes(candidates[0]) || origins.includes(candidates[1]));
}

/** The request's Origin; an empty one counts as none (workerd drops an empty header, Node keeps it). */
export const originOf = (c: Context<AppEnv>): string | undefined => c.req.header("Origin") || undefined;

/** Route check: a present Origin must belong to this site; remembers it for the CORS headers. */
export function admitOrigin(c: Context<AppEnv>, origins: readonly string[]): void {
  const origin = originOf(c);
  if (origin === undefined) return;
  if (!originAllowed(origins, origin)) {
    c.set("corsDenied", true);
    throw new ApiError("origin_not_allowed", "This site does not accept requests from this origin.");
  }
  c.set("corsOrigin", origin);
}

/** The CORS headers of a reader answer (not a preflight): `allowed` is the admitted Origin, if any. */
export function corsHeadersOf(allowed: string | undefined): Record<string, string> {
  if (!allowed) return { Vary: "Origin" };
  return {
    Vary: "Origin",
    "Access-Control-Allow-Origin": allowed,
    "Access-Control-Expose-Headers": EXPOSE_HEADERS,
  };
}

export function readerCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = originOf(c);
    const canonical = canonicalOrigin(origin);

    if (c.req.method === "OPTIONS") {
      const allowed =
        canonical !== null && (await anySiteAllowsOrigin(c.var.db, originCandidates(canonical)));
      if (!allowed || !origin) {
        throw new ApiError("origin_not_allowed", "This origin is not allowed.");
      }
      c.header("Vary", "Origin");
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Allow-Methods", ALLOW_METHODS);
      c.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
      c.header("Access-Control-Max-Age", "600");
      return c.body(null, 204);
    }

    await next();
    let allowed = c.get("corsOrigin");
    // An error raised before the route knew its site (bad JSON, unknown site…) should still be
    // readable by the widget on a legitimate site, so its message can be shown to the reader.
    if (!allowed && origin && canonical && c.res.status >= 400 && !c.get("corsDenied")) {
      if (await anySiteAllowsOrigin(c.var.db, originCandidates(canonical))) allowed = origin;
    }
    addHeaders(c.res.headers, corsHeadersOf(allowed));
  };
}
