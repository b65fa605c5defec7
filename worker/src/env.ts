// Bindings and per-request variables of the Hono app.
import type { Db } from "./db/database.ts";
import type { Actor } from "./lib/admin-auth.ts";
import type { WebhookMessage } from "./services/webhooks.ts";
import type { MentionMessage } from "./services/webmention/receive.ts";

/** Settings an operator may put in wrangler.toml's [vars]: declared here with their meaning, and
 * omitted from the generated `Env` so a literal written there does not clash with these types. */
type OperatorVars =
  | "D1_SESSIONS"
  | "ENVIRONMENT"
  | "FRESH_SECONDS"
  | "MODERATOR_MAX_RATE_PER_MINUTE"
  | "MODERATOR_MAX_RATE_PER_HOUR"
  | "MODERATOR_MIN_RETENTION_DAYS"
  | "MODERATOR_MAX_RETENTION_DAYS"
  | "LIVE_MAX_PER_THREAD"
  | "LIVE_MAX_PER_NETWORK";

/** Secrets are not in wrangler.toml, so `wrangler types` cannot see them; they are declared here. */
export interface Bindings extends Omit<Env, "WEBHOOKS" | "WEBMENTIONS" | "LIVE" | OperatorVars> {
  /** Operator token for the admin API (`wrangler secret put ADMIN_TOKEN`; `.dev.vars` locally). */
  ADMIN_TOKEN?: string;
  /** The deployment's secret (at least 32 random bytes): every key Confab signs or hashes with is
   * derived from it, one per purpose (lib/keys.ts). Without it, write routes refuse to work. */
  HASH_SECRET?: string;
  /** Days the mail outbox and webhook delivery records are kept (default 30). */
  OUTBOX_RETENTION_DAYS?: string;
  /** Days a spam comment is kept after it became spam before the daily cleanup erases it (30). */
  SPAM_RETENTION_DAYS?: string;
  /** Turnstile's siteverify endpoint; set only to point tests at a local stand-in. */
  TURNSTILE_VERIFY_URL?: string;
  /** Akismet: the API key turns the check on; the base URL defaults to Akismet's own. */
  AKISMET_API_KEY?: string;
  AKISMET_URL?: string;
  /** Mail: `log` (default, the outbox only) or `http` (a Resend-style API at MAIL_API_URL). */
  MAIL_PROVIDER?: string;
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  MAIL_FROM?: string;
  /**
   * Reader sign-in providers (docs/identity.md). Each is offered only when its client id and
   * secret are set; the base URLs default to the provider's own and are set only to point tests
   * at local stand-ins. OIDC_PROVIDERS is a JSON array of
   * `{ "name", "label", "issuer", "clientId", "clientSecret" }`, read through
   * worker/src/services/auth/methods.ts only.
   */
  GITHUB_CLIENT_ID?: string;
  GITHUB_CLIENT_SECRET?: string;
  GITHUB_URL?: string;
  GITHUB_API_URL?: string;
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  GOOGLE_ISSUER?: string;
  OIDC_PROVIDERS?: string;
  /** Mastodon and Bluesky replies (docs/social.md): the public AppView asked for Bluesky threads
   * (default https://public.api.bsky.app), and a base URL that, when set, is asked instead of
   * every linked status's own instance (tests point both at local fakes). */
  BLUESKY_APPVIEW_URL?: string;
  MASTODON_API_URL?: string;
  /** The queue that delivers webhooks with retries (wrangler.toml); typed with its message here, and
   * optional because a deployment may leave webhooks out of its wrangler.toml. */
  WEBHOOKS?: Queue<WebhookMessage>;
  /** The queue that verifies received Webmentions (wrangler.toml, docs/social.md); without it a
   * mention is verified after the answer of its POST, in the same invocation. */
  WEBMENTIONS?: Queue<MentionMessage>;
  /** `on` runs every request on a D1 session (read replication, worker/src/lib/d1-session.ts);
   * anything else, or unset, uses the database binding as it is. A var: set it in wrangler.toml's
   * [vars] (then `npm run types`; `OperatorVars` above keeps the generated literal type from
   * clashing). */
  D1_SESSIONS?: string;
  /**
   * How long a cached read is served without asking D1 (docs/api.md, "Freshness"): whole seconds,
   * 0..3600, default 10. Others see a change within this bound (twice it at worst, on a page
   * read less often than that); 0 asks D1 on every read. Read it through lib/freshness.ts only.
   */
  FRESH_SECONDS?: string | number;
  /**
   * Where this worker runs: `development` (set by `npm run dev` in `.dev.vars`, by the test
   * suites, and by nothing a deployment writes) relaxes the rules that only make sense on the
   * internet — today, that a webhook URL be `https:` with a public DNS name. Anything else, or
   * unset, is production: strict. Read it through worker/src/lib/environment.ts only.
   */
  ENVIRONMENT?: string;
  /**
   * Operator floors (docs/api.md, "Operator floors"): the bounds within which a moderator token
   * may set a site's rate limits and retention. Whole numbers; unset or anything else uses the
   * default (10 a minute, 100 an hour, 7..365 days). The operator's own token is not bound by
   * them. Read them through worker/src/lib/operator-floors.ts only.
   */
  MODERATOR_MAX_RATE_PER_MINUTE?: string | number;
  MODERATOR_MAX_RATE_PER_HOUR?: string | number;
  MODERATOR_MIN_RETENTION_DAYS?: string | number;
  MODERATOR_MAX_RETENTION_DAYS?: string | number;
  /** Live threads (worker/src/live/): the Durable Object of each thread's sockets (wrangler.toml);
   * optional, like WEBHOOKS: without it GET /live answers 404 and writes publish nothing. */
  LIVE?: Env["LIVE"];
  /** Caps of live sockets (docs/api.md, "Live threads"): per thread (default 5000) and per network
   * on one thread (default 20). Whole numbers; read through worker/src/live/caps.ts only. */
  LIVE_MAX_PER_THREAD?: string | number;
  LIVE_MAX_PER_NETWORK?: string | number;
}

export interface Variables {
  requestId: string;
  /** The request's Origin once the route has admitted it for the request's site. */
  corsOrigin?: string;
  /** Set when the route refused the Origin for its site: no CORS allow may be added then. */
  corsDenied?: boolean;
  /** The database for this request: the binding, or a D1 session over it when D1_SESSIONS is on. */
  db: Db;
  /** The caller of an admin route, once its token is checked. */
  actor?: Actor;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
