// A reader's bearer token (docs/identity.md). Optional on every reader route: without the header
// the request is anonymous; with it, the token must name a live session of the request's site, or
// the request is refused. A bad token never silently falls back to anonymous, so a reader whose
// session ended learns it instead of posting unverified.
import type { Context } from "hono";
import type { SessionRow } from "../db/identities.ts";
import type { AppEnv } from "../env.ts";
import { sessionOf } from "../services/auth/sessions.ts";
import { ApiError } from "./api-error.ts";

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

const ENDED = "This sign-in has ended or belongs to another site. Sign in again.";

/** The session of the request's bearer token (of whichever site), null without the header. */
export async function bearerSession(c: Context<AppEnv>, siteId?: string): Promise<SessionRow | null> {
  const header = c.req.header("Authorization");
  if (header === undefined) return null;
  const token = header.match(BEARER)?.[1];
  const session = token
    ? await sessionOf(c.var.db, token, (s) => siteId === undefined || s.site_id === siteId)
    : null;
  if (!session) throw new ApiError("unauthorized", ENDED);
  return session;
}

/** The signed-in reader of this request on `siteId`, or null for an anonymous request. */
export async function readerSession(c: Context<AppEnv>, siteId: string): Promise<SessionRow | null> {
  const session = await bearerSession(c, siteId);
  if (session && session.site_id !== siteId) throw new ApiError("unauthorized", ENDED);
  return session;
}

/** The signed-in reader, required: for the routes that only make sense signed in. */
export async function requireSession(c: Context<AppEnv>): Promise<SessionRow> {
  const session = await bearerSession(c);
  if (!session) throw new ApiError("unauthorized", "Sign in first: send Authorization: Bearer <token>.");
  return session;
}
