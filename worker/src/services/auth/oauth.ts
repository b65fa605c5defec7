// Sign-in with GitHub, Google or an OIDC issuer (docs/identity.md): authorization code with PKCE
// (S256) and state, plus a nonce for OIDC. The state, the verifier, the nonce and the widget's
// origin stay server-side in auth_challenges under the state's hash; the callback takes them once.
// Protocol checks are oauth4webapi's (and jose's for the ID token's signature).
import * as oauth from "oauth4webapi";
import type { SignInResponse } from "../../../../shared/types.ts";
import type { Db } from "../../db/database.ts";
import type { Bindings } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import type { Keys } from "../../lib/keys.ts";
import { invalidCeremony, startCeremony, takeCeremony } from "./ceremonies.ts";
import { githubProfile, oidcProfile } from "./oauth-profiles.ts";
import { type Provider, providerOf, requestOptions, serverOf } from "./providers.ts";
import { signIn } from "./sessions.ts";

interface AuthorizationData {
  provider: string;
  origin: string;
  verifier: string;
  nonce: string | null;
}

/** The ceremony an OAuth callback continues: whose site, and where the answer goes. */
export interface Authorization {
  siteId: string;
  origin: string;
  data: AuthorizationData;
}

const unreachable = () =>
  new ApiError("invalid_code", "The sign-in provider could not be reached or answered wrongly. Try again.");

/** Runs a step that talks to the provider: anything it refuses or fails becomes invalid_code. */
async function withProvider<T>(step: () => Promise<T>, message?: string): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof oauth.AuthorizationResponseError)
      throw new ApiError("invalid_code", "The sign-in was cancelled or refused by the provider.");
    throw message ? new ApiError("invalid_code", message) : unreachable();
  }
}

/** The provider's authorization URL for a new ceremony (the start route redirects there). */
export async function authorizationUrl(
  db: Db,
  env: Bindings,
  q: { siteId: string; provider: Provider; origin: string; redirectUri: string; network: string | null },
): Promise<URL> {
  const server = await withProvider(() => serverOf(env, q.provider));
  if (!server.authorization_endpoint) throw unreachable();
  const verifier = oauth.generateRandomCodeVerifier();
  const nonce = q.provider.kind === "github" ? null : oauth.generateRandomNonce();
  const data: AuthorizationData = { provider: q.provider.name, origin: q.origin, verifier, nonce };
  const state = await startCeremony(db, { siteId: q.siteId, kind: "oauth", data, network: q.network });
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: q.provider.clientId,
    redirect_uri: q.redirectUri,
    scope: q.provider.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...(nonce ? { nonce } : {}),
  }).toString();
  return url;
}

/** Takes the ceremony of a callback's `state` (once): unknown, used or expired → invalid_code. */
export async function takeAuthorization(db: Db, state: string | undefined): Promise<Authorization> {
  const row = await takeCeremony<AuthorizationData>(db, state, "oauth");
  return { siteId: row.site_id, origin: row.data.origin, data: row.data };
}

/** Exchanges the callback's code, learns who the reader is and signs them in. */
export async function completeAuthorization(
  db: Db,
  keys: Keys,
  env: Bindings,
  a: Authorization,
  q: { params: URLSearchParams; redirectUri: string },
): Promise<SignInResponse> {
  const provider = providerOf(env, a.data.provider);
  if (!provider) throw invalidCeremony("This way of signing in is no longer offered.");
  const server = await withProvider(() => serverOf(env, provider));
  const client: oauth.Client = { client_id: provider.clientId };
  const state = q.params.get("state") ?? "";
  const tokens = await withProvider(async () => {
    const params = oauth.validateAuthResponse(server, client, q.params, state);
    const res = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      oauth.ClientSecretPost(provider.clientSecret),
      params,
      q.redirectUri,
      a.data.verifier,
      requestOptions(env),
    );
    return oauth.processAuthorizationCodeResponse(
      server,
      client,
      res,
      a.data.nonce ? { expectedNonce: a.data.nonce, requireIdToken: true } : {},
    );
  }, "The provider's answer could not be verified. Try again.");
  const who = await withProvider(() =>
    provider.kind === "github"
      ? githubProfile(env, tokens.access_token)
      : oidcProfile(server, provider, tokens.id_token ?? "", a.data.nonce ?? ""),
  );
  return signIn(db, keys, { siteId: a.siteId, ...who, method: who.kind });
}
