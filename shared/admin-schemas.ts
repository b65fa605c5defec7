// Validation of admin requests. Issue messages are the field codes of `fields` (see schemas.ts).
import * as v from "valibot";
import { LIMITS } from "./limits.ts";
import { isEmoji, MAX_REACTIONS } from "./reactions.ts";
import { httpUrlSchema, plainObject, siteIdSchema, textSchema } from "./schemas.ts";
import { parseSocialUrl, SOCIAL_LINKS_MAX, SOCIAL_URL_MAX } from "./social.ts";
import type { SignInMethod } from "./types.ts";

const STATUS = ["approved", "pending", "spam", "deleted"] as const;
const idSchema = v.pipe(v.string("invalid"), v.regex(/^[0-9a-z]{1,64}$/, "invalid"));
const limitSchema = v.pipe(
  v.string("invalid"),
  v.regex(/^\d{1,3}$/, "invalid"),
  v.transform(Number),
  v.minValue(1, "invalid"),
  v.maxValue(200, "too_long"),
);
const cursorSchema = v.pipe(v.string("invalid"), v.regex(/^[0-9a-z]{1,64}$/, "invalid"));

export const adminCommentsQuerySchema = plainObject({
  site: v.optional(siteIdSchema),
  status: v.optional(v.picklist([...STATUS, "all"], "invalid"), "pending"),
  url: v.optional(httpUrlSchema),
  q: v.optional(
    v.pipe(v.string("invalid"), v.trim(), v.minLength(1, "invalid"), v.maxLength(200, "too_long")),
  ),
  cursor: v.optional(cursorSchema),
  limit: v.optional(limitSchema),
});

export const adminCommentPatchSchema = v.pipe(
  plainObject({
    status: v.optional(v.picklist(STATUS, "invalid")),
    text: v.optional(textSchema),
    pinned: v.optional(v.boolean("invalid")),
  }),
  v.forward(
    v.check((b) => b.status !== undefined || b.text !== undefined || b.pinned !== undefined, "required"),
    ["status"],
  ),
);

export const bulkSchema = plainObject({
  ids: v.pipe(
    v.array(idSchema, "invalid"),
    v.minLength(1, "required"),
    v.maxLength(100, "too_long"),
    v.check((ids) => new Set(ids).size === ids.length, "invalid"),
  ),
  status: v.picklist(STATUS, "invalid"),
});

export const listQuerySchema = plainObject({
  site: v.optional(siteIdSchema),
  cursor: v.optional(cursorSchema),
});

/** One linked post (shared/social.ts): its network and its URL, which must be a post there. */
const socialLinkSchema = v.pipe(
  plainObject({
    kind: v.picklist(["mastodon", "bluesky"], "invalid"),
    url: v.pipe(v.string("invalid"), v.trim(), v.maxLength(SOCIAL_URL_MAX, "too_long")),
  }),
  v.forward(
    v.check((l) => parseSocialUrl(l.kind, l.url) !== null, "invalid"),
    ["url"],
  ),
  // Stored as the parser writes it (no query or fragment), so one post is one link.
  v.transform((l) => ({ kind: l.kind, url: parseSocialUrl(l.kind, l.url)?.url ?? l.url })),
);

/** The whole set of a thread's linked posts: what is not in it is unlinked. */
export const socialLinksSchema = v.pipe(
  v.array(socialLinkSchema, "invalid"),
  v.maxLength(SOCIAL_LINKS_MAX, "too_long"),
  v.check((links) => new Set(links.map((l) => l.url)).size === links.length, "invalid"),
);

const titleSchema = v.nullable(
  v.pipe(v.string("invalid"), v.trim(), v.maxLength(LIMITS.titleMax, "too_long")),
);

export const threadPatchSchema = v.pipe(
  plainObject({
    locked: v.optional(v.boolean("invalid")),
    title: v.optional(titleSchema),
    url: v.optional(httpUrlSchema),
    social: v.optional(socialLinksSchema),
  }),
  v.forward(
    v.check(
      (b) => b.locked !== undefined || b.title !== undefined || b.url !== undefined || b.social !== undefined,
      "required",
    ),
    ["locked"],
  ),
);

/** POST /admin/threads: the thread of a page nobody has commented on yet, with its linked posts. */
export const threadCreateSchema = plainObject({
  site: siteIdSchema,
  url: httpUrlSchema,
  title: v.optional(titleSchema),
  social: v.optional(socialLinksSchema, []),
});

export const identityListQuerySchema = plainObject({
  site: v.optional(siteIdSchema),
  q: v.optional(
    v.pipe(v.string("invalid"), v.trim(), v.minLength(1, "invalid"), v.maxLength(200, "too_long")),
  ),
  cursor: v.optional(cursorSchema),
});

export const identityPatchSchema = plainObject({ isStaff: v.boolean("invalid") });

export const sessionListQuerySchema = plainObject({
  site: v.optional(siteIdSchema),
  identity: v.optional(idSchema),
  cursor: v.optional(cursorSchema),
});

export const mergeSchema = plainObject({ into: idSchema });

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;
const emailSchema = v.pipe(
  v.string("invalid"),
  v.trim(),
  v.maxLength(LIMITS.emailMax, "too_long"),
  v.regex(EMAIL, "invalid"),
);
/** A site's reaction emoji: 0..8 distinct, each one emoji (shared/reactions.ts). */
const reactionsSchema = v.pipe(
  v.array(v.pipe(v.string("invalid"), v.check(isEmoji, "invalid")), "invalid"),
  v.maxLength(MAX_REACTIONS, "too_long"),
  v.check((list) => new Set(list).size === list.length, "invalid"),
);
const count = (max: number) =>
  v.pipe(v.number("invalid"), v.integer("invalid"), v.minValue(0, "invalid"), v.maxValue(max, "invalid"));

/** Every Site field; `origins` are checked further by the worker (exact origins, port wildcard only). */
export /** A host name as a URL's host is written (lower case, punycode), without a port. */
const hostSchema = v.pipe(
  v.string("invalid"),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(253, "too_long"),
  v.check(
    (h) =>
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(
        h,
      ),
    "invalid",
  ),
);

const siteFields = {
  name: v.pipe(v.string("invalid"), v.trim(), v.minLength(1, "required"), v.maxLength(100, "too_long")),
  origins: v.pipe(
    v.array(v.pipe(v.string("invalid"), v.maxLength(300, "too_long")), "invalid"),
    v.minLength(1, "required"),
    v.maxLength(50, "too_long"),
  ),
  moderation: v.picklist(["none", "links", "first", "all"], "invalid"),
  requireName: v.boolean("invalid"),
  requireEmail: v.boolean("invalid"),
  editWindowSeconds: count(7 * 24 * 3600),
  maxLength: v.pipe(count(LIMITS.textMax), v.minValue(1, "invalid")),
  maxLinks: count(1000),
  minSubmitMs: count(600_000),
  rateLimitPerMinute: count(100_000),
  rateLimitPerHour: count(1_000_000),
  blockedWords: v.pipe(
    v.array(
      v.pipe(v.string("invalid"), v.trim(), v.minLength(1, "invalid"), v.maxLength(100, "too_long")),
      "invalid",
    ),
    v.maxLength(1000, "too_long"),
  ),
  blockedWordsAction: v.picklist(["hold", "reject"], "invalid"),
  retentionDays: v.pipe(count(3650), v.minValue(1, "invalid")),
  turnstileSiteKey: v.nullable(v.pipe(v.string("invalid"), v.maxLength(200, "too_long"))),
  turnstileSecret: v.nullable(v.pipe(v.string("invalid"), v.maxLength(200, "too_long"))),
  notifyEmails: v.pipe(v.array(emailSchema, "invalid"), v.maxLength(20, "too_long")),
  webhookUrl: v.nullable(httpUrlSchema),
  webhookSecret: v.nullable(v.pipe(v.string("invalid"), v.maxLength(200, "too_long"))),
  posting: v.picklist(["anyone", "verified", "verified-or-held"], "invalid"),
  reservedNames: v.pipe(
    v.array(
      v.pipe(
        v.string("invalid"),
        v.trim(),
        v.minLength(1, "invalid"),
        v.maxLength(LIMITS.nameMax, "too_long"),
      ),
      "invalid",
    ),
    v.maxLength(100, "too_long"),
  ),
  signIn: v.pipe(
    v.array(
      v.custom<SignInMethod>(
        (m) =>
          typeof m === "string" && /^(email|passkey|github|google|oidc:[a-z0-9][a-z0-9-]{0,31})$/.test(m),
        "invalid",
      ),
      "invalid",
    ),
    v.maxLength(20, "too_long"),
  ),
  reactions: reactionsSchema,
  reportThreshold: v.pipe(count(100), v.minValue(1, "invalid")),
  blockedSources: v.pipe(v.array(hostSchema, "invalid"), v.maxLength(500, "too_long")),
};

type SiteFields = typeof siteFields;
type OptionalFields = { [K in keyof SiteFields]: v.OptionalSchema<SiteFields[K], undefined> };
const optionalFields = Object.fromEntries(
  Object.entries(siteFields).map(([k, s]) => [k, v.optional(s)]),
) as unknown as OptionalFields;

export const siteCreateSchema = plainObject({
  id: v.pipe(v.string("required"), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "invalid")),
  ...optionalFields,
  name: siteFields.name,
  origins: siteFields.origins,
});

export const sitePatchSchema = plainObject(optionalFields);
export type SitePatch = v.InferOutput<typeof sitePatchSchema>;

export const banCreateSchema = v.pipe(
  plainObject({
    site: siteIdSchema,
    kind: v.picklist(["ip", "email"], "invalid"),
    fromComment: v.optional(idSchema),
    value: v.optional(emailSchema),
    reason: v.optional(v.nullable(v.pipe(v.string("invalid"), v.trim(), v.maxLength(500, "too_long")))),
    expiresAt: v.optional(v.nullable(v.pipe(v.string("invalid"), v.isoTimestamp("invalid")))),
  }),
  v.forward(
    v.check((b) => Boolean(b.fromComment) !== Boolean(b.value), "required"),
    ["fromComment"],
  ),
  v.forward(
    v.check((b) => !b.value || b.kind === "email", "invalid"),
    ["value"],
  ),
);

export const banListQuerySchema = plainObject({ site: siteIdSchema });

export const reportListQuerySchema = plainObject({ site: siteIdSchema });

export const tokenCreateSchema = plainObject({
  label: v.pipe(v.string("required"), v.trim(), v.minLength(1, "required"), v.maxLength(100, "too_long")),
  sites: v.pipe(v.array(siteIdSchema, "invalid"), v.minLength(1, "required"), v.maxLength(100, "too_long")),
});

export { siteIdSchema };

export const exportQuerySchema = plainObject({ site: siteIdSchema });

export const importQuerySchema = plainObject({
  site: siteIdSchema,
  format: v.picklist(["wxr", "disqus", "confab"], "invalid"),
  /** `old=new` URL prefix rewrites, e.g. `https://old.example=https://new.example`. */
  map: v.optional(
    v.pipe(
      v.union([v.string("invalid"), v.array(v.string("invalid"))], "invalid"),
      v.transform((m) => (Array.isArray(m) ? m : [m])),
      v.check((rules) => rules.every((r) => /^https?:\/\/[^=]+=https?:\/\/[^=]+$/.test(r)), "invalid"),
    ),
    [],
  ),
});
