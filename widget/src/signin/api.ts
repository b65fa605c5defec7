// The sign-in calls (docs/api.md, "Verified readers"), through embed.js's request() (./deps.ts).
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import type { Identity, SignInResponse } from "../../../shared/types.ts";
import { request } from "./deps.ts";

const post = <T>(api: string, path: string, body: object, token?: string) =>
  request<T>(api, `auth/${path}`, { method: "POST" }, body, token);

/** Mails a code (and a link back to `url`, the page the reader is on). */
export const sendCode = (api: string, site: string, email: string, url: string) =>
  post<{ expiresAt: string }>(api, "email", { site, email, url });

export const verifyCode = (api: string, site: string, email: string, code: string) =>
  post<SignInResponse>(api, "email/verify", { site, email, code });

export const passkeyLoginOptions = (api: string, site: string) =>
  post<{ ceremony: string; options: PublicKeyCredentialRequestOptionsJSON }>(api, "passkey/login/options", {
    site,
  });

export const passkeyLogin = (
  api: string,
  site: string,
  ceremony: string,
  response: AuthenticationResponseJSON,
) => post<SignInResponse>(api, "passkey/login/verify", { site, ceremony, response });

export const passkeyRegisterOptions = (api: string, site: string, token: string) =>
  post<{ ceremony: string; options: PublicKeyCredentialCreationOptionsJSON }>(
    api,
    "passkey/register/options",
    { site },
    token,
  );

export const passkeyRegister = (
  api: string,
  site: string,
  token: string,
  ceremony: string,
  response: RegistrationResponseJSON,
) =>
  post<{ passkey: { id: string; createdAt: string } }>(
    api,
    "passkey/register/verify",
    { site, ceremony, response },
    token,
  );

export const ssoSignIn = (api: string, site: string, sso: string) =>
  post<SignInResponse>(api, "sso", { site, sso });

export const me = (api: string, token: string) =>
  request<{ identity: Identity; expiresAt: string }>(api, "auth/me", {}, undefined, token);

export const signOut = (api: string, token: string) =>
  request<void>(api, "auth/session", { method: "DELETE" }, undefined, token);

/** Where a provider's sign-in starts, for a popup: the callback answers to this page's origin. */
export const oauthStart = (api: string, site: string, method: string) =>
  `${api}/api/v1/auth/oauth/${encodeURIComponent(method.replace(/^oidc:/, ""))}/start?${new URLSearchParams({
    site,
    origin: location.origin,
  })}`;
