// D1 read replication through the Sessions API, behind the D1_SESSIONS setting (docs/scaling.md).
// With it on, every request runs on one D1 session: reads may be served by a nearby replica,
// writes start on the primary, and the answer carries the session's bookmark so the client can
// ask its next read to be at least that fresh (an author sees their own comment at once).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { validationError } from "./api-error.ts";

export const BOOKMARK_HEADER = "X-Confab-Bookmark";

// A D1 bookmark is a few dash-separated hex groups (`0000002a-00000003-00004f8c-<32 hex>`).
// Anything else is refused before it reaches D1, which would fail the whole request on it.
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){1,7}$/i;

function isBookmark(value: string): boolean {
  return value.length <= 256 && BOOKMARK.test(value);
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Sets `c.var.db` for the whole app. A read continues from the bookmark the client sent back as
 * the `bookmark` query parameter (a query parameter, not a header, so a GET stays a simple CORS
 * request without a preflight), or starts anywhere; a write starts on the primary, where a
 * bookmark would add nothing. A malformed bookmark is left out here and refused with a 400 by
 * `bookmarkParam` inside the reader API, where the error still gets its CORS headers.
 */
export function d1Session(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.env.D1_SESSIONS !== "on") {
      c.set("db", c.env.DB);
      return next();
    }
    const bookmark = c.req.query("bookmark");
    const read = READS.has(c.req.method);
    const session = c.env.DB.withSession(
      !read ? "first-primary" : bookmark && isBookmark(bookmark) ? bookmark : "first-unconstrained",
    );
    c.set("db", session);
    await next();
    const latest = session.getBookmark();
    if (latest) c.res.headers.set(BOOKMARK_HEADER, latest);
  };
}

/** Reader API: `bookmark`, when given, must be one; checked whether sessions are on or not. */
export function bookmarkParam(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bookmark = c.req.query("bookmark");
    if (bookmark !== undefined && !isBookmark(bookmark)) throw validationError({ bookmark: "invalid" });
    await next();
  };
}
