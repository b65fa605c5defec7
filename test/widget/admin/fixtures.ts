// Admin answers shaped like the worker's (shared/admin-types.ts), from the demo discussion.
import type {
  AdminComment,
  AdminIdentity,
  AdminSession,
  AdminSite,
  AdminThread,
  AdminToken,
  AuditEntry,
  Ban,
  OutboxMail,
  WebhookDelivery,
} from "../../../shared/admin-types.ts";

export const TOKEN = "operator-token-123";
/** A valid moderator token: the fake refuses it on the operator-only endpoints (tokens) only. */
export const MODERATOR_TOKEN = "moderator-token-456";
export const PAGE = "https://blog.example.com/2011/04/01/late-night/";

export function adminComment(id: string, extra: Partial<AdminComment> = {}): AdminComment {
  return {
    id,
    parentId: null,
    author: {
      name: `Author ${id}`,
      website: `https://${id}.example/`,
      avatar: `seed-${id}`,
      isModerator: false,
      verified: null,
    },
    html: `<p>Text of ${id}</p>`,
    createdAt: "2011-04-01T06:12:00.000Z",
    editedAt: null,
    likes: 0,
    reactions: {},
    status: "pending",
    replyCount: 0,
    site: "demo",
    threadId: "t1",
    threadUrl: PAGE,
    threadTitle: "Late Night Libya Update",
    pinned: false,
    authorEmail: `${id}@example.com`,
    networkHash: `net-${id}`,
    moderationReasons: [],
    text: `Text of ${id}`,
    identityId: null,
    ...extra,
  };
}

export function adminSite(id: string, extra: Partial<AdminSite> = {}): AdminSite {
  return {
    id,
    name: id === "demo" ? "Demo Blog" : `Site ${id}`,
    origins: [`https://${id}.example.com`],
    moderation: "first",
    requireName: false,
    requireEmail: false,
    editWindowSeconds: 900,
    maxLength: 10000,
    maxLinks: 3,
    minSubmitMs: 3000,
    rateLimitPerMinute: 5,
    rateLimitPerHour: 30,
    blockedWords: ["casino"],
    blockedWordsAction: "hold",
    retentionDays: 90,
    turnstileSiteKey: null,
    notifyEmails: [],
    notifyEmailsPending: [],
    webhookUrl: null,
    posting: "anyone",
    reservedNames: [],
    blockedSources: [],
    signIn: ["email", "passkey"],
    ssoEnabled: false,
    reactions: ["👍", "❤️", "😄", "🎉", "😮", "🤔"],
    reportThreshold: 3,
    createdAt: "2011-01-01T00:00:00.000Z",
    updatedAt: "2011-01-01T00:00:00.000Z",
    ...extra,
  };
}

export function adminThread(id: string, extra: Partial<AdminThread> = {}): AdminThread {
  return {
    id,
    site: "demo",
    key: `/post-${id}`,
    url: `https://blog.example.com/post-${id}/`,
    title: `Post ${id}`,
    locked: false,
    commentCount: 2,
    createdAt: "2011-04-01T06:00:00.000Z",
    social: [],
    ...extra,
  };
}

export function ban(id: string, extra: Partial<Ban> = {}): Ban {
  return {
    id,
    site: "demo",
    kind: "email",
    value: `${id}@spam.example`,
    reason: "spam",
    expiresAt: null,
    createdAt: "2011-04-02T00:00:00.000Z",
    ...extra,
  };
}

export function auditEntry(n: number): AuditEntry {
  return {
    id: `a${String(n).padStart(4, "0")}`,
    at: `2011-04-0${(n % 9) + 1}T00:00:00.000Z`,
    actor: "operator",
    site: "demo",
    action: `comment.approve.${n}`,
    target: `c${n}`,
    detail: { status: "approved" },
  };
}

export function adminToken(id: string, extra: Partial<AdminToken> = {}): AdminToken {
  return {
    id,
    label: `Moderator ${id}`,
    sites: ["demo"],
    createdAt: "2011-03-01T00:00:00.000Z",
    lastUsedAt: null,
    ...extra,
  };
}

export function outboxMail(id: string, extra: Partial<OutboxMail> = {}): OutboxMail {
  return {
    id,
    site: "demo",
    to: `mod-${id}@example.com`,
    subject: `Subject ${id}`,
    text: `Body of ${id}\nSecond line`,
    provider: "log",
    status: "logged",
    error: null,
    createdAt: "2011-04-01T07:00:00.000Z",
    ...extra,
  };
}

export function delivery(id: string, extra: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id,
    site: "demo",
    event: "comment.created",
    url: "https://hooks.example.com/confab",
    attempts: 1,
    lastStatus: 200,
    lastError: null,
    createdAt: "2011-04-01T07:00:00.000Z",
    deliveredAt: "2011-04-01T07:00:01.000Z",
    ...extra,
  };
}

/** As the worker does: confirmed addresses that stay are kept, every other one awaits confirmation. */
export const notifyLists = (confirmed: string[], wanted: string[]) => ({
  notifyEmails: confirmed.filter((e) => wanted.includes(e)),
  notifyEmailsPending: wanted.filter((e) => !confirmed.includes(e)),
});

export function adminIdentity(id: string, extra: Partial<AdminIdentity> = {}): AdminIdentity {
  return {
    id,
    site: "demo",
    name: `Reader ${id}`,
    verified: "email",
    avatar: `seed-${id}`,
    email: `${id}@example.org`,
    isStaff: false,
    subject: `${id}@example.org`,
    createdAt: "2011-04-01T06:00:00.000Z",
    sessions: 1,
    passkeys: 0,
    comments: 2,
    ...extra,
  };
}

export function adminSession(
  id: string,
  identity: AdminIdentity,
  extra: Partial<AdminSession> = {},
): AdminSession {
  return {
    id,
    site: identity.site,
    identity: { id: identity.id, name: identity.name, verified: identity.verified },
    method: identity.verified,
    createdAt: "2011-04-02T06:00:00.000Z",
    lastUsedAt: null,
    expiresAt: "2011-05-02T06:00:00.000Z",
    ...extra,
  };
}
