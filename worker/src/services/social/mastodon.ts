// Replies to a Mastodon status from its instance's public API: GET /api/v1/statuses/:id/context
// (no token: what anyone may read), whose `descendants` are the replies below the status in thread
// order, each with `in_reply_to_id`. `content` is HTML (sanitised by our pipeline like any remote
// HTML); a custom emoji is `:shortcode:` text in it and stays text (its image, in `emojis`, is
// never loaded); `spoiler_text` becomes a visible warning line before the content.
import { LIMITS } from "../../../../shared/limits.ts";
import type { SocialPost } from "../../../../shared/social.ts";
import { fetchJson, httpError, SOCIAL_LIMITS } from "./fetch-json.ts";
import { nameOf, type Pulled, parentsFirst, type SocialReply, warningLine } from "./reply.ts";

/** What Mastodon answers a request without a token at most (its DESCENDANTS_LIMIT): an answer
 * this long may leave replies out, so it removes none. */
const UNAUTHENTICATED_DESCENDANTS = 60;

type MastodonPost = Extract<SocialPost, { kind: "mastodon" }>;

interface Status {
  id?: unknown;
  uri?: unknown;
  url?: unknown;
  in_reply_to_id?: unknown;
  visibility?: unknown;
  content?: unknown;
  spoiler_text?: unknown;
  created_at?: unknown;
  account?: { acct?: unknown; username?: unknown; display_name?: unknown; url?: unknown };
}

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

/** `@user@host`: a local account's `acct` has no host, so the account page's is added. */
function handleOf(account: NonNullable<Status["account"]>): string | null {
  const acct = str(account.acct);
  if (!acct) return null;
  if (acct.includes("@")) return `@${acct}`;
  const page = str(account.url);
  return page ? `@${acct}@${new URL(page).hostname}` : `@${acct}`;
}

/** One status as a reply, or null when it lacks what a comment needs (or is not public). */
function replyOf(s: Status, idToUri: Map<string, string>, rootId: string): SocialReply | null {
  const id = str(s.uri);
  const parent = str(s.in_reply_to_id);
  const content = typeof s.content === "string" ? s.content : null;
  if (!id || !parent || content === null || !s.account) return null;
  if (s.visibility !== undefined && s.visibility !== "public" && s.visibility !== "unlisted") return null;
  const handle = handleOf(s.account);
  if (!handle) return null;
  const name = nameOf(str(s.account.display_name) ?? str(s.account.username) ?? handle, LIMITS.nameMax);
  const warning = str(s.spoiler_text);
  // A status's `uri` is its id on its home server; its page and its author's are believed there only.
  const home = originOf(id);
  if (!home) return null;
  return {
    id,
    parentId: parent === rootId ? null : (idToUri.get(parent) ?? `missing:${parent}`),
    url: onOrigin(str(s.url), home) ?? id,
    author: { name, handle, url: onOrigin(str(s.account.url), home) },
    html: `${warning ? warningLine(warning) : ""}${content}`,
    publishedAt: str(s.created_at),
  };
}

/** The origin of an https URL, else null. */
function originOf(url: string | null): string | null {
  try {
    const u = new URL(url ?? "");
    return u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** `url` when it is an https URL on `origin`, else null. */
const onOrigin = (url: string | null, origin: string) => (url && originOf(url) === origin ? url : null);

export async function pullMastodon(
  post: MastodonPost,
  env: { MASTODON_API_URL?: string; ENVIRONMENT?: string },
): Promise<Pulled> {
  const base = (env.MASTODON_API_URL || post.origin).replace(/\/+$/, "");
  const url = `${base}/api/v1/statuses/${post.statusId}/context`;
  const got = await fetchJson(url, env);
  const remoteRoot = post.statusId;
  if (!got.ok) return { ok: false, remoteRoot: null, error: got.error };
  if (got.status !== 200) return { ok: false, remoteRoot: null, error: httpError(url, got.status) };
  const descendants = (got.body as { descendants?: unknown } | null)?.descendants;
  if (!Array.isArray(descendants))
    return { ok: false, remoteRoot: null, error: "the context has no descendants" };
  const statuses = descendants.filter((s): s is Status => typeof s === "object" && s !== null);
  const idToUri = new Map<string, string>();
  for (const s of statuses) {
    const id = str(s.id);
    const uri = str(s.uri);
    if (id && uri) idToUri.set(id, uri);
  }
  const replies = statuses.map((s) => replyOf(s, idToUri, post.statusId)).filter((r) => r !== null);
  const kept = parentsFirst(replies, SOCIAL_LIMITS.replies);
  const complete = statuses.length < UNAUTHENTICATED_DESCENDANTS && kept.length < SOCIAL_LIMITS.replies;
  return { ok: true, remoteRoot, replies: kept, complete };
}
