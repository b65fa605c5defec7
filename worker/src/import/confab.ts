// A Confab export file (docs/export-format.md) → the import model, keeping every id. Each row
// passes the API's own rules (fields.ts, on shared/schemas.ts) or is refused with its reason:
// a file is data from elsewhere, and what a reader could not post does not reach the public API
// or the feed through it (a `javascript:` website, a thread URL that is not http(s)). Texts may be
// up to 100,000 characters, as other imports allow, so a site's own export always comes back.
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportFile,
  type ExportMention,
  type ExportRemote,
  type ExportSocialLink,
} from "../../../shared/export-format.ts";
import { LIMITS } from "../../../shared/limits.ts";
import { parseSocialUrl } from "../../../shared/social.ts";
import { SOURCE_KINDS, VERIFIED_BY } from "../../../shared/types.ts";
import { ApiError } from "../lib/api-error.ts";
import { checkAuthor, checkText, httpUrl, title } from "./fields.ts";
import {
  IMPORT_TEXT_MAX,
  type ImportComment,
  type ImportThread,
  isoDate,
  type ParsedImport,
} from "./model.ts";

const STATUSES = new Set(["approved", "pending", "spam", "deleted"]);
const ID = /^[0-9a-z]{1,64}$/;

export function parseConfabFile(text: string): ExportFile {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The file is not valid JSON.");
  }
  const f = file as Partial<ExportFile> | null;
  if (
    !f ||
    f.format !== EXPORT_FORMAT ||
    f.version !== EXPORT_VERSION ||
    !Array.isArray(f.threads) ||
    !Array.isArray(f.comments)
  ) {
    throw new ApiError("validation_failed", `Not a ${EXPORT_FORMAT} file of version ${EXPORT_VERSION}.`, {
      fields: { body: "invalid" },
    });
  }
  return f as ExportFile;
}

type Row = Record<string, unknown>;
const isRow = (x: unknown): x is Row => typeof x === "object" && x !== null && !Array.isArray(x);
const str = (x: unknown) => (typeof x === "string" ? x : "");

export function fromConfab(file: ExportFile): ParsedImport {
  const out: ParsedImport = { threads: [], comments: [], skipped: 0, errors: [] };
  for (const t of file.threads as unknown[]) {
    const thread = confabThread(t);
    if (typeof thread === "string")
      out.errors.push({ entry: `thread ${isRow(t) ? String(t.id) : "?"}`, reason: thread });
    else out.threads.push(thread);
  }
  const ids = new Set((file.comments as unknown[]).map((c) => (isRow(c) ? str(c.id) : "")));
  for (const c of file.comments as unknown[]) {
    const comment = confabComment(c, ids);
    if (typeof comment !== "string") out.comments.push(comment);
    else {
      out.errors.push({ entry: `comment ${isRow(c) ? String(c.id) : "?"}`, reason: comment });
      out.skipped++;
    }
  }
  return out;
}

/** A thread row, or why it is refused. */
function confabThread(t: unknown): ImportThread | string {
  if (!isRow(t)) return "malformed thread";
  const createdAt = isoDate(str(t.createdAt));
  const key = str(t.key);
  const url = t.url === null || t.url === undefined ? null : httpUrl(str(t.url));
  if (!ID.test(str(t.id)) || !createdAt) return "malformed thread";
  if (!key || key.length > LIMITS.urlMax || checkText(key, LIMITS.urlMax) !== key) return "bad page key";
  if (t.url !== null && t.url !== undefined && !url) return "url: not an http(s) URL";
  const social = listOf(t.social, socialOf);
  if (social === null) return "social: invalid";
  const mentions = listOf(t.mentions, mentionOf);
  if (mentions === null) return "mentions: invalid";
  return {
    ref: str(t.id),
    key,
    url,
    title: title(t.title),
    locked: t.locked === true,
    createdAt,
    id: str(t.id),
    ...(social.length > 0 ? { social } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
  };
}

/** An optional list whose every entry `each` accepts; null when it is not one. */
function listOf<T>(raw: unknown, each: (x: unknown) => T | null): T[] | null {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 1_000) return null;
  const out = raw.map(each);
  return out.every((x) => x !== null) ? (out as T[]) : null;
}

/** A linked post, as the admin API would take it (shared/social.ts). */
function socialOf(raw: unknown): ExportSocialLink | null {
  if (!isRow(raw) || !ID.test(str(raw.id))) return null;
  const kind = raw.kind === "mastodon" || raw.kind === "bluesky" ? raw.kind : null;
  return kind && parseSocialUrl(kind, str(raw.url)) ? { id: str(raw.id), kind, url: str(raw.url) } : null;
}

/** A Webmention like or repost: two http(s) URLs, as a sender could send them, and a date. */
function mentionOf(raw: unknown): ExportMention | null {
  if (!isRow(raw)) return null;
  const kind = raw.kind === "like" || raw.kind === "repost" ? raw.kind : null;
  const [source, target] = [httpUrl(str(raw.source)), httpUrl(str(raw.target))];
  const createdAt = isoDate(str(raw.createdAt));
  const fits = (u: string) => u.length <= 2_048;
  if (!kind || !source || !target || !createdAt || !fits(source) || !fits(target)) return null;
  return { kind, source, target, createdAt };
}

/** A remote comment's origin: absent or null for a native one; a bad one refuses the row. */
function remoteOf(raw: unknown): ExportRemote | null | "remote: invalid" {
  if (raw === undefined || raw === null) return null;
  if (!isRow(raw)) return "remote: invalid";
  const kind = SOURCE_KINDS.find((k) => k === raw.kind);
  const url = httpUrl(str(raw.url));
  const handle = raw.handle === null || raw.handle === undefined ? null : str(raw.handle);
  const id = str(raw.id);
  if (
    !kind ||
    !url ||
    (handle !== null && (handle === "" || handle.length > 200)) ||
    !id ||
    id.length > 2_048
  )
    return "remote: invalid";
  return { kind, url, handle, id };
}

/** A comment row, or why it is refused. */
function confabComment(c: unknown, ids: Set<string>): ImportComment | string {
  if (!isRow(c)) return "malformed comment";
  const createdAt = isoDate(str(c.createdAt));
  if (!createdAt) return "bad date";
  const status = str(c.status) as ImportComment["status"];
  if (!ID.test(str(c.id)) || !str(c.thread) || !STATUSES.has(status)) return "malformed comment";
  if (c.parent !== null && c.parent !== undefined && typeof c.parent !== "string") return "malformed comment";
  // A deleted comment keeps its place without words or name; everything else is checked as posted.
  const text = status === "deleted" && c.text === "" ? "" : checkText(c.text, IMPORT_TEXT_MAX);
  if (text === null) return "text: not a text the API accepts";
  if (!isRow(c.author)) return "author: invalid";
  const { isModerator: _, verified: rawVerified = null, ...author } = c.author;
  const checked = checkAuthor(author);
  if ("reason" in checked) return checked.reason;
  const verified = rawVerified === null ? null : VERIFIED_BY.find((k) => k === rawVerified);
  if (verified === undefined) return "author.verified: invalid";
  const remote = remoteOf(c.remote);
  if (typeof remote === "string") return remote;
  const editedAt = c.editedAt ? isoDate(str(c.editedAt)) : null;
  const parent = typeof c.parent === "string" ? c.parent : null;
  return {
    ref: str(c.id),
    sourceId: typeof c.sourceId === "string" ? c.sourceId : null,
    threadRef: str(c.thread),
    parentRef: parent,
    parentInFile: parent !== null && ids.has(parent),
    status,
    pinned: c.pinned === true,
    likes: Number.isInteger(c.likes) && (c.likes as number) >= 0 ? (c.likes as number) : 0,
    author: { ...checked.author, isModerator: c.author.isModerator === true, verified },
    text,
    createdAt,
    editedAt,
    reasons: Array.isArray(c.moderationReasons) ? c.moderationReasons.map(String) : [],
    remote,
    id: str(c.id),
  };
}
