// What the local stand-ins for Turnstile and Akismet accept; shared by them and the tests.

/** Tokens the fake Turnstile accepts, each once, with the hostname it was solved on. */
export const TURNSTILE_TOKENS: Record<string, string> = {
  "valid-token-blog": "blog.example.com",
  "valid-token-blog-2": "blog.example.com",
  "valid-token-blog-3": "blog.example.com",
  "valid-token-other-host": "evil.example",
};
export const TURNSTILE_SECRET = "test-turnstile-secret";
export const TURNSTILE_SLOW_TOKEN = "slow-token";
export const AKISMET_KEY = "test-akismet-key";
export const MAIL_KEY = "test-mail-key";
export const WEBHOOK_SECRET = "test-webhook-secret";

/** The OAuth apps the fake provider (oauth-provider.ts) knows, and the worker is configured with. */
export const OAUTH_CLIENTS = {
  github: { id: "gh-client-id", secret: "gh-client-secret" },
  google: { id: "google-client-id.apps.example", secret: "google-client-secret" },
  /** Generic OIDC issuers, by the name of their OIDC_PROVIDERS entry. */
  oidc: { acme: { id: "acme-client", secret: "acme-secret", label: "Acme ID" } },
} as const;

/** OIDC_PROVIDERS as the worker reads it, for the fake provider at `base`. */
export const oidcProvidersSetting = (base: string) =>
  JSON.stringify(
    Object.entries(OAUTH_CLIENTS.oidc).map(([name, c]) => ({
      name,
      label: c.label,
      issuer: `${base}/oidc/${name}`,
      clientId: c.id,
      clientSecret: c.secret,
    })),
  );

/** How the fake provider (oauth-provider.ts) can be told to misbehave for one authorization. */
export const MISBEHAVIOURS = [
  "error", // the reader refused: back with error=access_denied
  "wrong-audience",
  "wrong-issuer",
  "wrong-nonce",
  "bad-signature", // signed by a key the JWKS does not have
  "expired",
  "unverified-email", // email_verified false (OIDC), no verified address (GitHub)
  "bad-code", // the token endpoint refuses the code
] as const;
export type Misbehaviour = (typeof MISBEHAVIOURS)[number];

export interface FakeUser {
  /** OIDC `sub`, and GitHub's numeric `id` when it is digits. */
  sub?: string;
  name?: string;
  login?: string;
  email?: string;
}

export const DEFAULT_USER = { sub: "4242", name: "Ada Lovelace", login: "ada", email: "ada@example.org" };
