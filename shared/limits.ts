// Field limits of the API contract (design/api.md). Both sides import these so the widget's
// form hints and the worker's validation can never disagree.
export const LIMITS = {
  textMax: 10_000,
  nameMax: 80,
  emailMax: 254,
  websiteMax: 2_048,
  titleMax: 300,
  urlMax: 2_048,
  pageIdMax: 256,
  siteIdMax: 64,
  idMax: 64,
  bodyMaxBytes: 64 * 1024,
  threadLimitDefault: 50,
  threadLimitMax: 200,
  repliesPerRoot: 100,
  countPagesMax: 50,
  feedSize: 50,
  reportReasonMax: 500,
  latestDefault: 10,
  latestMax: 50,
} as const;

/**
 * A reader's id for likes (docs/api.md): the widget's 16 random bytes as base64url (22
 * characters); other clients may send up to 64. Here rather than in schemas.ts so that embed.js
 * can check the id it kept without bundling valibot.
 */
export const READER_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
