// The two kinds of sub-app the route table (app.ts) mounts, each with the middleware of its kind.
// A sub-app owns everything under its prefix: its middleware runs first, then its routes, and a
// closing 404 answers any other path or method there, so an unknown path under a prefix gets that
// prefix's middleware (its CORS, its 401) exactly once and never falls through to another sub-app.
import { Hono, type Schema } from "hono";
import type { AppEnv } from "../env.ts";
import { adminAuth } from "../lib/admin-auth.ts";
import { ApiError } from "../lib/api-error.ts";
import { readerCors } from "../lib/cors.ts";
import { bookmarkParam } from "../lib/d1-session.ts";
import { writesNeedKeys } from "../lib/keys.ts";

const noSuchEndpoint = (): never => {
  throw new ApiError("not_found", "No such endpoint.");
};

// Writes need the deployment's keys: refused up front without a usable HASH_SECRET. For readers
// after CORS, so the widget can read why; for admins before the token check, which records a
// moderator token's use (a write).
const readerBase = () => new Hono<AppEnv>().use(readerCors(), bookmarkParam(), writesNeedKeys());
const adminBase = () => new Hono<AppEnv>().use(writesNeedKeys(), adminAuth());

type Build<Base, S extends Schema> = (app: Base) => Hono<AppEnv, S>;

/** Closes a sub-app with its 404. Added outside the chain, so it stays out of `AppType`'s schema. */
function closed<S extends Schema>(app: Hono<AppEnv, S>): Hono<AppEnv, S> {
  app.all("*", noSuchEndpoint);
  return app;
}

/** A reader API sub-app: CORS for the site's origins (preflights too) and the bookmark check. */
export const readerApp = <S extends Schema>(build: Build<ReturnType<typeof readerBase>, S>) =>
  closed(build(readerBase()));

/** An admin API sub-app: the bearer token first (401/403 before anything else), and no CORS. */
export const adminApp = <S extends Schema>(build: Build<ReturnType<typeof adminBase>, S>) =>
  closed(build(adminBase()));

/** The rest of a prefix, after the sub-apps under it: only the middleware of its kind and the 404. */
export const otherAdminPaths = () => adminApp((app) => app);
export const otherReaderPaths = () => readerApp((app) => app);
/** Any other /api path (another version, a typo): a JSON 404, with no middleware at all. */
export const otherApiPaths = () => closed(new Hono<AppEnv>());
