// Validation schemas of API v1. The worker validates every request with these; the widget may
// reuse single rules (valibot tree-shakes). Issue messages are the stable field codes of the
// `fields` map in a validation_failed answer: "required", "too_long", "invalid".
import * as v from "valibot";
import { LIMITS, READER_ID_PATTERN } from "./limits.ts";

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};

// Lone surrogates and NUL cannot be stored faithfully as text; refuse them instead of mangling.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const LONE_SURROGATE_OR_NUL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
const wellFormed = v.check((s: string) => !LONE_SURROGATE_OR_NUL.test(s), "invalid");

const boundedString = (max: number) =>
  v.pipe(
    v.string("invalid"),
    wellFormed,
    v.trim(),
    v.check((s) => codePoints(s) <= max, "too_long"),
  );

const optionalNullable = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/**
 * Every object of every request schema. Valibot's `object` takes any non-null object, arrays
 * included (`"author": ["a"]` would pass as an author with no fields), so this refuses anything
 * but a plain object as `invalid` first. Unknown keys are still dropped, not refused.
 */
export const plainObject = <const E extends v.ObjectEntries>(entries: E) => {
  const shape = v.object(entries, "invalid");
  // The guard's type is the object's input, so the pipe's input type (what a client may send,
  // `InferInput`) is the object's fields, not any record.
  return v.pipe(v.custom<v.InferInput<typeof shape>>(isPlainObject, "invalid"), shape);
};

/**
 * An http(s) URL as the URL parser writes it (`URL.href`): what is stored and returned is never
 * the raw input, so quotes, spaces and angle brackets arrive percent-encoded wherever the URL is
 * later written. Parsing is idempotent, so the page key of a URL (page-key.ts) is unchanged.
 */
const canonicalHttpUrl = (max: number, emptyAllowed = false) =>
  v.pipe(
    v.string("invalid"),
    wellFormed,
    v.trim(),
    v.maxLength(max, "too_long"),
    v.check((s) => (emptyAllowed && s === "") || isHttpUrl(s), "invalid"),
    v.transform((s) => (s === "" ? s : new URL(s).href)),
    v.maxLength(max, "too_long"),
  );

export const httpUrlSchema = canonicalHttpUrl(LIMITS.urlMax);

export const siteIdSchema = v.pipe(
  v.string("required"),
  v.trim(),
  v.minLength(1, "required"),
  v.maxLength(LIMITS.siteIdMax, "too_long"),
);

const pageIdSchema = v.pipe(
  v.string("invalid"),
  wellFormed,
  v.minLength(1, "invalid"),
  v.maxLength(LIMITS.pageIdMax, "too_long"),
);

const idSchema = v.pipe(v.string("invalid"), v.minLength(1, "invalid"), v.maxLength(LIMITS.idMax, "invalid"));

export const textSchema = v.pipe(
  v.string("required"),
  wellFormed,
  v.trim(),
  v.minLength(1, "required"),
  v.check((s) => codePoints(s) <= LIMITS.textMax, "too_long"),
);

// An empty string means "not given" for the optional author fields, as an empty form field sends.
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;

export const authorSchema = plainObject({
  name: optionalNullable(boundedString(LIMITS.nameMax)),
  email: optionalNullable(
    v.pipe(
      v.string("invalid"),
      v.trim(),
      v.maxLength(LIMITS.emailMax, "too_long"),
      v.check((s) => s === "" || EMAIL.test(s), "invalid"),
    ),
  ),
  website: optionalNullable(canonicalHttpUrl(LIMITS.websiteMax, true)),
});

export const createCommentSchema = v.pipe(
  plainObject({
    site: siteIdSchema,
    url: optionalNullable(httpUrlSchema),
    pageId: optionalNullable(pageIdSchema),
    title: optionalNullable(boundedString(LIMITS.titleMax)),
    parentId: optionalNullable(idSchema),
    author: optionalNullable(authorSchema),
    text: textSchema,
    trap: optionalNullable(v.pipe(v.string("invalid"), v.maxLength(1_000, "too_long"))),
    elapsedMs: optionalNullable(v.pipe(v.number("invalid"), v.finite("invalid"), v.minValue(0, "invalid"))),
    turnstileToken: optionalNullable(v.pipe(v.string("invalid"), v.maxLength(2_048, "too_long"))),
    notifyReplies: optionalNullable(v.boolean("invalid")),
  }),
  v.forward(
    v.check((b) => Boolean(b.url || b.pageId), "required"),
    ["url"],
  ),
);
export type CreateCommentInput = v.InferOutput<typeof createCommentSchema>;

const limitSchema = v.pipe(
  v.string("invalid"),
  v.regex(/^\d{1,4}$/, "invalid"),
  v.transform(Number),
  v.minValue(1, "invalid"),
  v.maxValue(LIMITS.threadLimitMax, "too_long"),
);

export const threadQuerySchema = v.pipe(
  plainObject({
    site: siteIdSchema,
    url: v.optional(httpUrlSchema),
    pageId: v.optional(pageIdSchema),
    sort: v.optional(v.picklist(["oldest", "newest", "top"], "invalid"), "oldest"),
    limit: v.optional(limitSchema),
    cursor: v.optional(v.pipe(v.string("invalid"), v.maxLength(200, "invalid"))),
  }),
  v.forward(
    v.check((q) => Boolean(q.url || q.pageId), "required"),
    ["url"],
  ),
);
export type ThreadQuery = v.InferOutput<typeof threadQuerySchema>;

/** GET /api/v1/live: which thread to follow, named as GET /threads names it. */
export const liveQuerySchema = v.pipe(
  plainObject({ site: siteIdSchema, url: v.optional(httpUrlSchema), pageId: v.optional(pageIdSchema) }),
  v.forward(
    v.check((q) => Boolean(q.url || q.pageId), "required"),
    ["url"],
  ),
);

export const editCommentSchema = plainObject({ text: textSchema });

export const previewSchema = plainObject({ site: siteIdSchema, text: textSchema });

const oneOrMany = <T extends v.GenericSchema>(item: T) =>
  v.optional(
    v.pipe(
      v.union([item, v.array(item)], "invalid"),
      v.transform((x): v.InferOutput<T>[] => (Array.isArray(x) ? x : [x])),
    ),
    [],
  );

export const countsQuerySchema = v.pipe(
  plainObject({ site: siteIdSchema, url: oneOrMany(httpUrlSchema), pageId: oneOrMany(pageIdSchema) }),
  v.forward(
    v.check((q) => q.url.length + q.pageId.length > 0, "required"),
    ["url"],
  ),
  v.forward(
    v.check((q) => q.url.length + q.pageId.length <= LIMITS.countPagesMax, "too_long"),
    ["url"],
  ),
);

export const feedQuerySchema = plainObject({
  site: siteIdSchema,
  url: v.optional(httpUrlSchema),
  pageId: v.optional(pageIdSchema),
});

/** GET /latest: a site's newest comments, `limit` 1..50 (default 10). */
export const latestQuerySchema = plainObject({
  site: siteIdSchema,
  limit: v.optional(
    v.pipe(
      v.string("invalid"),
      v.regex(/^\d{1,4}$/, "invalid"),
      v.transform(Number),
      v.minValue(1, "invalid"),
      v.maxValue(LIMITS.latestMax, "too_long"),
    ),
  ),
});

export const repliesQuerySchema = plainObject({
  cursor: v.optional(v.pipe(v.string("invalid"), v.regex(/^[0-9a-z]{1,64}$/, "invalid"))),
  limit: v.optional(limitSchema),
});

/** POST and DELETE /comments/:id/like: who likes (with the network hash, docs/api.md). */
export const likeSchema = v.object({
  reader: v.pipe(v.string("required"), v.regex(READER_ID_PATTERN, "invalid")),
});

const readerSchema = v.pipe(v.string("required"), v.regex(READER_ID_PATTERN, "invalid"));

/**
 * POST and DELETE /reactions: an emoji of the site's on its page (`url` or `pageId`) or on one of
 * its comments (`commentId`). Whether the emoji is the site's is checked with the site.
 */
export const reactionSchema = v.pipe(
  plainObject({
    site: siteIdSchema,
    url: optionalNullable(httpUrlSchema),
    pageId: optionalNullable(pageIdSchema),
    commentId: optionalNullable(v.pipe(v.string("invalid"), v.regex(/^[0-9a-z]{1,64}$/, "invalid"))),
    emoji: v.pipe(v.string("required"), v.minLength(1, "required"), v.maxLength(64, "invalid")),
    reader: readerSchema,
  }),
  v.forward(
    v.check((b) => Boolean(b.url || b.pageId || b.commentId), "required"),
    ["url"],
  ),
);
export type ReactionInput = v.InferOutput<typeof reactionSchema>;

/** POST /comments/:id/report: why, and who reports (the reader id of likes). */
export const reportSchema = plainObject({
  reason: v.pipe(boundedString(LIMITS.reportReasonMax), v.minLength(1, "required")),
  reader: readerSchema,
});

/** Ids in paths: anything else cannot name a comment, so it is answered as not found. */
export const ID_PATTERN = /^[0-9a-z]{1,64}$/;

/** An Idempotency-Key header: printable ASCII, as clients generate (UUIDs and the like). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,255}$/;

/** A required address, lower-cased: the subject of an email identity. */
const signInEmailSchema = v.pipe(
  v.string("required"),
  v.trim(),
  v.minLength(1, "required"),
  v.maxLength(LIMITS.emailMax, "too_long"),
  v.check((s) => EMAIL.test(s), "invalid"),
  v.toLowerCase(),
);

/** POST /auth/email: mail a sign-in code (and a link back to `url`, a page of the site). */
export const emailCodeSchema = plainObject({
  site: siteIdSchema,
  email: signInEmailSchema,
  url: optionalNullable(httpUrlSchema),
});

/** POST /auth/email/verify: the six digits of the mail (a space in the middle is allowed). */
export const emailVerifySchema = plainObject({
  site: siteIdSchema,
  email: signInEmailSchema,
  code: v.pipe(
    v.string("required"),
    v.trim(),
    v.minLength(1, "required"),
    v.regex(/^\d{3} ?\d{3}$/, "invalid"),
    v.transform((s) => s.replace(" ", "")),
  ),
});

/** The query of the sign-in link of the mail: the code's id and the link's secret. */
export const emailLinkQuerySchema = plainObject({
  c: v.pipe(v.string("invalid"), v.regex(ID_PATTERN, "invalid")),
  k: v.pipe(v.string("invalid"), v.regex(/^[A-Za-z0-9_-]{43}$/, "invalid")),
});
