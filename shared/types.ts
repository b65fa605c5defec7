// The public shapes of API v1 (design/api.md). The worker builds them, the widget reads them.

export type CommentStatus = "approved" | "pending" | "spam" | "deleted";
export type ModerationMode = "none" | "links" | "first" | "all";
export type SortOrder = "oldest" | "newest" | "top";
/** How a reader proved who they are (docs/identity.md); null on an anonymous comment. */
export type VerifiedBy = "email" | "github" | "google" | "oidc" | "sso";
/** Every VerifiedBy, for checking one that comes from outside (an import file). */
export const VERIFIED_BY: readonly VerifiedBy[] = ["email", "github", "google", "oidc", "sso"];
/** Who may post on a site: anyone, only signed-in readers, or anyone with anonymous posts held. */
export type PostingRule = "anyone" | "verified" | "verified-or-held";
/** A sign-in method a site offers: email code, passkey, a provider, or one configured OIDC issuer. */
export type SignInMethod = "email" | "passkey" | "github" | "google" | `oidc:${string}`;
/** A sign-in method as the widget offers it: the site's choice, among what the deployment configures. */
export interface SignInOption {
  method: SignInMethod;
  label: string;
}

export interface PublicAuthor {
  name: string;
  website: string | null;
  avatar: string;
  isModerator: boolean;
  /** How the author was verified when they posted; null for an anonymous comment. */
  verified: VerifiedBy | null;
}

/** Where a comment came from when it was not posted through Confab (docs/social.md). */
export type SourceKind = "webmention" | "mastodon" | "bluesky";
export const SOURCE_KINDS: readonly SourceKind[] = ["webmention", "mastodon", "bluesky"];
/** The origin of a comment from the open web: the post it copies and who wrote it there. */
export interface CommentSource {
  kind: SourceKind;
  /** The public page of the original post, where a reader can reply on its network. */
  url: string;
  author: { name: string; handle: string | null; url: string | null };
}

export interface PublicComment {
  id: string;
  parentId: string | null;
  author: PublicAuthor | null;
  html: string;
  createdAt: string;
  editedAt: string | null;
  likes: number;
  /** The non-zero reaction counts by emoji (docs/api.md "Reactions"); `{}` on a placeholder. */
  reactions: ReactionCounts;
  status: CommentStatus;
  replyCount: number;
  /** Only on a comment copied from elsewhere (a Webmention, a Mastodon or Bluesky reply). */
  source?: CommentSource;
}

/** Reaction counts by emoji, only the non-zero ones; the site's `reactions` give the order. */
export type ReactionCounts = Record<string, number>;

export interface PublicSite {
  id: string;
  name: string;
  moderation: ModerationMode;
  requireName: boolean;
  requireEmail: boolean;
  editWindowSeconds: number;
  maxLength: number;
  turnstileSiteKey: string | null;
  /** Whether this deployment sends reply mails, so the widget offers "notify me of replies". */
  notifyReplies: boolean;
  posting: PostingRule;
  /** The sign-in methods the widget offers: the site's choice among those the deployment configures. */
  signIn: SignInOption[];
  /** The emoji readers may react with, in the order the widget shows them; [] for none. */
  reactions: string[];
}

/** A signed-in reader. `email` appears only in the reader's own answers, never in public ones. */
export interface Identity {
  id: string;
  name: string;
  verified: VerifiedBy;
  avatar: string;
  email?: string;
  isStaff: boolean;
}

/** The answer of every sign-in: a bearer token for this site, valid until `expiresAt`. */
export interface SignInResponse {
  token: string;
  expiresAt: string;
  identity: Identity;
}

export interface PublicThread {
  id: string | null;
  key: string;
  url: string | null;
  title: string | null;
  locked: boolean;
  commentCount: number;
  /** The page's own reactions. */
  reactions: ReactionCounts;
  /** Likes and reposts of the page sent as Webmentions (`u-like-of`, `u-repost-of`); only present
   * when one of them is not zero. */
  mentions?: MentionCounts;
}

export interface MentionCounts {
  likes: number;
  reposts: number;
}

/** What a verified Webmention's source is: a reply or a page that links (both comments), a like
 * or a repost (counted). */
export type MentionKind = "reply" | "mention" | "like" | "repost";
export type MentionStatus = "queued" | "accepted" | "rejected" | "removed";

/** The answer of GET /api/v1/webmention/:id (docs/api.md, "Webmention"). */
export interface WebmentionStatus {
  id: string;
  source: string;
  target: string;
  status: MentionStatus;
  /** Set once the source was verified. */
  kind: MentionKind | null;
  /** Why it was rejected or removed; null otherwise. */
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer of POST and DELETE /reactions: the target's counts and this reader's emoji. */
export interface ReactionResponse {
  reactions: ReactionCounts;
  mine: string[];
}

/** GET /latest: the newest approved comments of a site, each with the page it is on. */
export interface LatestResponse {
  comments: (PublicComment & { page: { url: string | null; title: string | null } })[];
}

export interface ThreadResponse {
  site: PublicSite;
  thread: PublicThread;
  comments: PublicComment[];
  nextCursor: string | null;
}

export interface CreateCommentResponse {
  comment: PublicComment;
  editToken: string;
  editableUntil: string;
}

export type ErrorCode =
  | "invalid_json"
  | "validation_failed"
  | "parent_not_found"
  | "unauthorized"
  | "forbidden"
  | "origin_not_allowed"
  | "thread_locked"
  | "edit_window_closed"
  | "not_found"
  | "unknown_site"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "duplicate"
  | "idempotency_mismatch"
  | "link_used"
  | "invalid_import"
  | "upgrade_required"
  | "invalid_code"
  | "sign_in_required"
  | "name_reserved"
  | "internal";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

/**
 * What the live socket of a thread sends (docs/api.md, "Live threads"): only what a public read
 * shows. `refresh` stands in for an event too large for one message: refetch the thread.
 * `thread` and `reload` are what a write knows in full, sent without reading anything.
 */
export type LiveMessage =
  | { type: "comment"; comment: PublicComment }
  | { type: "update"; comment: PublicComment }
  | { type: "remove"; id: string }
  | { type: "count"; commentCount: number }
  | { type: "refresh"; id: string }
  /** The page itself changed: its reactions, its lock or its title (only the fields that did). */
  | { type: "thread"; thread: Partial<Pick<PublicThread, "locked" | "reactions" | "title">> }
  /** The thread changed as a whole (merged, moved to another page): read it again. */
  | { type: "reload" };
