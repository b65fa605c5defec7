// The OAuth and OIDC providers a deployment configures (docs/identity.md, "GitHub, Google and
// OIDC"): GitHub (OAuth 2, its REST API for the profile), Google and any OIDC issuer (discovery,
// ID tokens). Every base URL is a setting, so tests and the browser tests point them at local
// stand-ins; outside development only https: endpoints are spoken to (oauth4webapi's rule).
import * as oauth from "oauth4webapi";
import type { SignInMethod } from "../../../../shared/types.ts";
import type { Bindings } from "../../env.ts";
import { isDevelopment } from "../../lib/environment.ts";
import { oidcProviders } from "./methods.ts";

export interface Provider {
  /** The path segment of the start URL: `github`, `google`, or an OIDC entry's name. */
  name: string;
  method: SignInMethod;
  kind: "github" | "google" | "oidc";
  clientId: string;
  clientSecret: string;
  /** GitHub's web origin, or the issuer's identifier (discovery is below it). */
  issuer: string;
  scope: string;
}

const DISCOVERY_TTL_MS = 3_600_000;
const discovered = new Map<string, { at: number; server: Promise<oauth.AuthorizationServer> }>();

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The provider named `name`, when the deployment configures it; else null. */
export function providerOf(env: Bindings, name: string): Provider | null {
  const secrets = (id?: string, secret?: string) =>
    id && secret ? { clientId: id, clientSecret: secret } : null;
  if (name === "github") {
    const s = secrets(env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET);
    const issuer = trimSlash(env.GITHUB_URL || "https://github.com");
    return s && { name, method: "github", kind: "github", issuer, scope: "read:user user:email", ...s };
  }
  if (name === "google") {
    const s = secrets(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET);
    const issuer = env.GOOGLE_ISSUER || "https://accounts.google.com";
    return s && { name, method: "google", kind: "google", issuer, scope: "openid email profile", ...s };
  }
  const entry = oidcProviders(env).find((p) => p.name === name);
  if (!entry) return null;
  return {
    name,
    method: `oidc:${name}`,
    kind: "oidc",
    issuer: entry.issuer,
    scope: "openid email profile",
    clientId: entry.clientId,
    clientSecret: entry.clientSecret,
  };
}

/** Options of every oauth4webapi request: plain http only in development (local stand-ins). */
export const requestOptions = (env: Bindings) => ({ [oauth.allowInsecureRequests]: isDevelopment(env) });

/**
 * The provider's authorization server: GitHub's fixed endpoints, or an issuer's discovery document
 * (cached an hour per isolate; a failed discovery is not cached).
 */
export async function serverOf(env: Bindings, p: Provider): Promise<oauth.AuthorizationServer> {
  if (p.kind === "github")
    return {
      issuer: p.issuer,
      authorization_endpoint: `${p.issuer}/login/oauth/authorize`,
      token_endpoint: `${p.issuer}/login/oauth/access_token`,
    };
  const cached = discovered.get(p.issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.server;
  const issuer = new URL(p.issuer);
  const server = oauth
    .discoveryRequest(issuer, { algorithm: "oidc", ...requestOptions(env) })
    .then((res) => oauth.processDiscoveryResponse(issuer, res));
  discovered.set(p.issuer, { at: Date.now(), server });
  server.catch(() => discovered.delete(p.issuer));
  return server;
}
