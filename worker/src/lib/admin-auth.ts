// Who is calling the admin API. The operator's ADMIN_TOKEN acts on every site; a moderator token
// (stored hashed) acts on its own sites only, and everything else looks as if it did not exist.
// Admin routes answer no CORS, and tokens are never logged.
import type { MiddlewareHandler } from "hono";
import { findTokenByHash, touchToken } from "../db/tokens.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "./api-error.ts";
import { constantTimeEqual, sha256Hex } from "./crypto.ts";
import { nowIso } from "./time.ts";

export interface Actor {
  label: string;
  /** null: every site (the operator). */
  sites: string[] | null;
  operator: boolean;
}

async function sameSecret(a: string, b: string): Promise<boolean> {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const [x, y] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  return constantTimeEqual(x, y);
}

export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization");
    const token = header?.match(/^Bearer ([\x21-\x7e]{1,512})$/)?.[1];
    if (!token) throw new ApiError("unauthorized", "Send the admin token as Authorization: Bearer <token>.");
    const operatorToken = c.env.ADMIN_TOKEN;
    if (operatorToken && (await sameSecret(token, operatorToken))) {
      c.set("actor", { label: "operator", sites: null, operator: true });
      return next();
    }
    const found = await findTokenByHash(c.var.db, await sha256Hex(token));
    if (!found) throw new ApiError("forbidden", "This token is not valid.");
    const now = Date.now();
    // At most one write an hour per token, so "last used" stays useful without taxing reads.
    await touchToken(c.var.db, found.id, nowIso(now), nowIso(now - 3_600_000));
    c.set("actor", { label: found.label, sites: found.sites, operator: false });
    return next();
  };
}

export function actorOf(c: { get(key: "actor"): Actor | undefined }): Actor {
  const actor = c.get("actor");
  if (!actor) throw new ApiError("unauthorized", "Not signed in.");
  return actor;
}

export function canSee(actor: Actor, siteId: string): boolean {
  return actor.sites === null || actor.sites.includes(siteId);
}

/** The sites a query may touch: the one asked for (if this actor may see it), else all of the actor's. */
export function scope(actor: Actor, site: string | undefined): string[] | null {
  if (site === undefined) return actor.sites;
  if (!canSee(actor, site)) throw new ApiError("not_found", "No such site.");
  return [site];
}

export function requireOperator(actor: Actor): void {
  if (!actor.operator) throw new ApiError("forbidden", "Only the operator token can do this.");
}
