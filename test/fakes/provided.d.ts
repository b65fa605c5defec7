// What the worker project's global setup (servers.ts) provides to the tests and the pool.
declare module "vitest" {
  export interface ProvidedContext {
    turnstileUrl: string;
    akismetUrl: string;
    mailUrl: string;
    hookUrl: string;
    /** test/fakes/site-server.ts: a site's server signing SSO payloads with the docs' example. */
    siteServerUrl: string;
    /** The fake sign-in providers (oauth-provider.ts): GitHub, Google and the OIDC issuer `acme`. */
    oauthUrl: string;
    /** test/fakes/webmention-source.ts: a site whose posts send us Webmentions. */
    mentionSourceUrl: string;
    /** test/fakes/social-servers.ts: a Mastodon instance at /mastodon, a Bluesky AppView at /bsky. */
    socialUrl: string;
    /** test/fakes/external-fixtures.ts: path in the folder → text; null (and why) without it. */
    externalFixtures: { files: Record<string, string> | null; missing: string };
  }
}

export {};
