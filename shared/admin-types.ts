// The shapes of the admin API (design/api.md, "Admin endpoints"), as the worker builds its
// answers. The /admin dashboard does not import them: it reads each answer's type from the route
// that sends it (`AppType`, widget/src/admin/api.ts), so what it expects is what a route answers.
import type {
  CommentStatus,
  Identity,
  ModerationMode,
  PostingRule,
  PublicComment,
  SignInMethod,
  VerifiedBy,
} from "./types.ts";

export type AdminStatus = "pending" | "approved" | "spam" | "deleted";

/** A Comment plus what a moderator needs; never served by reader endpoints. */
export interface AdminComment extends Omit<PublicComment, "status"> {
  status: AdminStatus;
  site: string;
  threadId: string;
  threadUrl: string | null;
  threadTitle: string | null;
  pinned: boolean;
  authorEmail: string | null;
  networkHash: string | null;
  moderationReasons: string[];
  /** The Markdown source. */
  text: string;
  /** The identity the author was signed in as; null for an anonymous comment. */
  identityId: string | null;
}

/** A site's verified reader as moderators see it (GET /admin/identities). */
export interface AdminIdentity extends Identity {
  site: string;
  /** What the proof named: the address, the provider's user id, `<issuer> <sub>`, the site's user id. */
  subject: string;
  createdAt: string;
  /** Live sessions (signed-in devices). */
  sessions: number;
  passkeys: number;
  comments: number;
}

/** A live reader session (GET /admin/sessions): never its token. */
export interface AdminSession {
  id: string;
  site: string;
  identity: { id: string; name: string; verified: VerifiedBy };
  /** How it was opened: a verification method, or a passkey. */
  method: VerifiedBy | "passkey";
  createdAt: string;
  /** Updated at most hourly. */
  lastUsedAt: string | null;
  expiresAt: string;
}

export interface AdminThread {
  id: string;
  site: string;
  key: string;
  url: string | null;
  title: string | null;
  locked: boolean;
  commentCount: number;
  createdAt: string;
  /** The Mastodon and Bluesky posts whose replies are pulled into the thread (docs/social.md). */
  social: AdminSocialLink[];
}

export interface AdminSocialLink {
  kind: "mastodon" | "bluesky";
  url: string;
  /** The post's id at its network once a pull resolved it (a status id, an at:// URI). */
  remoteRoot: string | null;
  /** The last pull, and why it failed (null when it worked or none ran yet). */
  pulledAt: string | null;
  error: string | null;
  createdAt: string;
}

export interface AdminSite {
  id: string;
  name: string;
  origins: string[];
  moderation: ModerationMode;
  requireName: boolean;
  requireEmail: boolean;
  editWindowSeconds: number;
  maxLength: number;
  maxLinks: number;
  minSubmitMs: number;
  rateLimitPerMinute: number;
  rateLimitPerHour: number;
  blockedWords: string[];
  /** What a blocked word does to a comment. */
  blockedWordsAction: "hold" | "reject";
  /** Days a comment keeps its network hash before the daily cleanup clears it. */
  retentionDays: number;
  turnstileSiteKey: string | null;
  /** Confirmed addresses: the only ones moderator mails go to. */
  notifyEmails: string[];
  /** Addresses asked for that have not yet followed their confirmation link. */
  notifyEmailsPending: string[];
  webhookUrl: string | null;
  /** Who may post (docs/identity.md). */
  posting: PostingRule;
  /** Names only staff identities may use, matched case- and confusable-insensitively. */
  reservedNames: string[];
  /** Host names whose Webmentions and Mastodon and Bluesky replies are refused (each with its
   * subdomains): a spamming blog, an instance, a Bluesky handle's domain. */
  blockedSources: string[];
  /** The sign-in methods the widget offers. */
  signIn: SignInMethod[];
  /** Whether an SSO secret has been made (the secret itself is shown once, never again). */
  ssoEnabled: boolean;
  /** The emoji readers may react with (at most 8, distinct), in the widget's order; [] for none. */
  reactions: string[];
  /** How many distinct readers' reports hold a comment for a moderator (1..100). */
  reportThreshold: number;
  createdAt: string;
  updatedAt: string;
}

export interface Ban {
  id: string;
  site: string;
  kind: "ip" | "email";
  /** The email for an email ban; the network hash for an ip ban (the address is never stored). */
  value: string;
  reason: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export interface AdminToken {
  id: string;
  label: string;
  sites: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

export interface AuditEntry {
  /** Opaque, time-ordered; the cursor of the next page. */
  id: string;
  at: string;
  /** The label of the token that acted ("operator" for ADMIN_TOKEN). */
  actor: string;
  site: string | null;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** A mail Confab sent or logged (GET /admin/outbox); with the `log` provider it is only stored. */
export interface OutboxMail {
  id: string;
  site: string;
  to: string;
  subject: string;
  /** The plain-text body. */
  text: string;
  provider: string;
  /** `erased`: the mail was about an erased comment or address; its text and address are gone. */
  status: "logged" | "sent" | "failed" | "erased";
  /** Why sending failed; null unless `failed`. */
  error: string | null;
  createdAt: string;
}

/** One webhook event and its delivery attempts so far (GET /admin/webhooks). */
export interface WebhookDelivery {
  id: string;
  site: string;
  event: string;
  url: string;
  attempts: number;
  /** The HTTP status of the last attempt; null before any answer (or when the request failed). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  /** When an attempt succeeded; null while undelivered. */
  deliveredAt: string | null;
}

/** A comment readers reported, with the reports since its last moderator decision, newest first. */
export interface AdminReport {
  commentId: string;
  site: string;
  /** `pending` once the reports reached the site's threshold (or a moderator held it). */
  status: CommentStatus;
  author: string;
  text: string;
  pageUrl: string | null;
  reports: { reason: string; createdAt: string }[];
}
