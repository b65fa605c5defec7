// One vitest run, five projects: shared code (node), the worker (inside workerd with real D1 and
// the real migrations), the widget (happy-dom, real Preact components), the Node runtime (its own
// server process on SQLite) and the browser tests
// (real Chromium against the real worker, started by test/e2e/global-setup.ts).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";
import { OAUTH_CLIENTS, oidcProvidersSetting } from "./test/fakes/fixtures.ts";

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "shared", include: ["test/shared/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
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
                // Every read through SELF asks D1 first (a stored answer is still used when
                // unchanged), so tests that change rows with SQL see it on the next read; the
                // hot path itself (no D1 at all) is tested with fetchApp and the default.
                FRESH_SECONDS: "0",
                TEST_MIGRATIONS: await readD1Migrations("worker/migrations"),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/apply-migrations.ts"],
          globalSetup: [
            "test/fakes/servers.ts",
            "test/fakes/external-fixtures.ts",
            "test/fakes/site-server.ts",
            "test/fakes/webmention-source.ts",
            "test/fakes/social-servers.ts",
          ],
        },
      },
      {
        plugins: [preact({ prefreshEnabled: false })],
        test: { name: "widget", include: ["test/widget/**/*.test.{ts,tsx}"], environment: "happy-dom" },
      },
      {
        // The same app on plain Node with one SQLite file (worker/node/), over HTTP, each file
        // starting its own server process on a random port with a fresh data folder.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
