// Who a provider says the reader is, turned into a sign-in proof. GitHub: its REST API (`/user`,
// and `/user/emails` for the primary verified address). Google and OIDC: the ID token, whose
// signature jose checks against the issuer's JWKS (oauth4webapi has checked its claims: iss,
// aud, exp, nonce); the address only when the issuer says it is verified. Pictures are ignored.
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import type * as oauth from "oauth4webapi";
import { LIMITS } from "../../../../shared/limits.ts";
import type { Bindings } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import type { Provider } from "./providers.ts";
import type { Proof } from "./sessions.ts";

type Who = Pick<Proof, "kind" | "subject" | "name" | "email">;

const jwksSets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const refused = (message: string) => new ApiError("invalid_code", message);

/** A display name as stored: trimmed, at most the API's name length. */
const nameOf = (...candidates: unknown[]) => {
  const name = candidates.find((c): c is string => typeof c === "string" && c.trim() !== "") ?? "";
  return [...name.trim()].slice(0, LIMITS.nameMax).join("");
};
const emailOf = (email: unknown) =>
  typeof email === "string" && email.length <= LIMITS.emailMax && email.includes("@")
    ? email.toLowerCase()
    : null;

async function github<T>(env: Bindings, path: string, token: string): Promise<T | null> {
  const base = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const res = await fetch(`${base}${path}`, {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: "application/vnd.github+json",
      "User-Agent": "Confab",
      "X-GitHub-Api-Version": "2022-11-28",
    },
  });
  return res.ok ? ((await res.json()) as T) : null;
}

export async function githubProfile(env: Bindings, accessToken: string): Promise<Who> {
  const user = await github<{ id?: unknown; login?: unknown; name?: unknown }>(env, "/user", accessToken);
  if (!user || typeof user.id !== "number") throw refused("GitHub did not say who you are. Try again.");
  // Without the user:email scope (or with every address unverified) the identity has no address.
  const emails = await github<{ email?: unknown; primary?: unknown; verified?: unknown }[]>(
    env,
    "/user/emails",
    accessToken,
  );
  const primary = Array.isArray(emails)
    ? emails.find((e) => e.primary === true && e.verified === true)
    : undefined;
  return {
    kind: "github",
    subject: String(user.id),
    name: nameOf(user.name, user.login),
    email: emailOf(primary?.email),
  };
}

/** The ID token's claims, once its signature is the issuer's and its claims are the expected ones. */
async function verifiedClaims(
  server: oauth.AuthorizationServer,
  p: Provider,
  idToken: string,
  nonce: string,
): Promise<JWTPayload> {
  if (!server.jwks_uri) throw refused("The provider publishes no keys to check its answer with.");
  let jwks = jwksSets.get(server.jwks_uri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(server.jwks_uri));
    jwksSets.set(server.jwks_uri, jwks);
  }
  try {
    const { payload } = await jwtVerify(idToken, jwks, { issuer: server.issuer, audience: p.clientId });
    if (payload.nonce !== nonce || typeof payload.sub !== "string" || payload.sub === "")
      throw new Error("claims");
    return payload;
  } catch {
    throw refused("The provider's answer could not be verified. Try again.");
  }
}

export async function oidcProfile(
  server: oauth.AuthorizationServer,
  p: Provider,
  idToken: string,
  nonce: string,
): Promise<Who> {
  const claims = await verifiedClaims(server, p, idToken, nonce);
  const verified = claims.email_verified === true || claims.email_verified === "true";
  const email = verified ? emailOf(claims.email) : null;
  const sub = claims.sub as string;
  return {
    kind: p.kind === "google" ? "google" : "oidc",
    subject: p.kind === "google" ? sub : `${server.issuer} ${sub}`,
    name: nameOf(claims.name, claims.preferred_username, claims.given_name),
    email,
  };
}
