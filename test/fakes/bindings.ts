// The worker's settings in tests, one list for both runtimes: the `worker` project hands them to
// miniflare as bindings, the `worker-node` project (test/node/workerd/) to the Node server.
// `inject` is what the global setup provides (the fake services' URLs, test/fakes/servers.ts).
import type { ProvidedContext } from "vitest";
import { OAUTH_CLIENTS, oidcProvidersSetting } from "./fixtures.ts";

type Inject = <K extends keyof ProvidedContext>(key: K) => ProvidedContext[K];

export function testBindings(inject: Inject): Record<string, string> {
  return {
    ADMIN_TOKEN: "test-admin-token",
    HASH_SECRET: "test-hash-secret-7Qm2xZ9vB4nK8pL1wR6tY3",
    // Turnstile and Akismet are faked by local servers speaking their protocols.
    TURNSTILE_VERIFY_URL: `${inject("turnstileUrl")}/turnstile/v0/siteverify`,
    AKISMET_URL: inject("akismetUrl"),
    AKISMET_API_KEY: "test-akismet-key",
    MAIL_PROVIDER: "http",
    MAIL_API_URL: inject("mailUrl"),
    MAIL_API_KEY: "test-mail-key",
    // The sign-in providers: one local fake (test/fakes/oauth-provider.ts) for all.
    GITHUB_CLIENT_ID: OAUTH_CLIENTS.github.id,
    GITHUB_CLIENT_SECRET: OAUTH_CLIENTS.github.secret,
    GITHUB_URL: `${inject("oauthUrl")}/github`,
    GITHUB_API_URL: `${inject("oauthUrl")}/github-api`,
    GOOGLE_CLIENT_ID: OAUTH_CLIENTS.google.id,
    GOOGLE_CLIENT_SECRET: OAUTH_CLIENTS.google.secret,
    GOOGLE_ISSUER: `${inject("oauthUrl")}/google`,
    OIDC_PROVIDERS: oidcProvidersSetting(inject("oauthUrl")),
    // Mastodon and Bluesky's public APIs: one local fake (test/fakes/social-servers.ts).
    MASTODON_API_URL: `${inject("socialUrl")}/mastodon`,
    BLUESKY_APPVIEW_URL: `${inject("socialUrl")}/bsky`,
    // Webhooks go to fake receivers on 127.0.0.1, which only development allows;
    // the strict rule is tested with fetchApp and ENVIRONMENT unset.
    ENVIRONMENT: "development",
    // Every read through SELF asks the database first (a stored answer is still used when
    // unchanged), so tests that change rows with SQL see it on the next read; the hot path itself
    // (no database at all) is tested with fetchApp and the default.
    FRESH_SECONDS: "0",
  };
}

/** The global setup both projects run: the fake services the settings above point at. */
export const FAKE_SERVICES = [
  "test/fakes/servers.ts",
  "test/fakes/external-fixtures.ts",
  "test/fakes/site-server.ts",
  "test/fakes/webmention-source.ts",
  "test/fakes/social-servers.ts",
];
