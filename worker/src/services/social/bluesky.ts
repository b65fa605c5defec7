// Replies to a Bluesky post from the public AppView (BLUESKY_APPVIEW_URL, default
// https://public.api.bsky.app): a handle is resolved to its DID with
// com.atproto.identity.resolveHandle, then app.bsky.feed.getPostThread answers the post as a
// ThreadViewPost whose `replies` nest. A `#notFoundPost` (deleted) or `#blockedPost` node is
// skipped, and with it what was under it (there is nothing to attach it to; the AppView sends
// no replies under such a node anyway). A post's text and its facets become HTML: links and
// mentions as links, the rest as text.
import { LIMITS } from "../../../../shared/limits.ts";
import { isHandle, type SocialPost } from "../../../../shared/social.ts";
import { fetchJson, httpError, SOCIAL_LIMITS } from "./fetch-json.ts";
import { escapeHtml, nameOf, type Pulled, paragraphs, parentsFirst, type SocialReply } from "./reply.ts";

type BlueskyPost = Extract<SocialPost, { kind: "bluesky" }>;
type Env = { BLUESKY_APPVIEW_URL?: string; ENVIRONMENT?: string };

const THREAD_VIEW = "app.bsky.feed.defs#threadViewPost";
const DEFAULT_APPVIEW = "https://public.api.bsky.app";

interface Facet {
  index?: { byteStart?: unknown; byteEnd?: unknown };
  features?: { $type?: unknown; uri?: unknown; did?: unknown }[];
}
interface ThreadNode {
  $type?: unknown;
  post?: {
    uri?: unknown;
    author?: { did?: unknown; handle?: unknown; displayName?: unknown };
    record?: { text?: unknown; facets?: unknown; createdAt?: unknown };
    indexedAt?: unknown;
  };
  replies?: unknown;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const baseOf = (env: Env) => (env.BLUESKY_APPVIEW_URL || DEFAULT_APPVIEW).replace(/\/+$/, "");

/** Where a facet's feature points: a link (http(s) only) or a mentioned profile. */
function hrefOf(f: NonNullable<Facet["features"]>[number]): string | null {
  if (f.$type === "app.bsky.richtext.facet#link" && typeof f.uri === "string" && /^https?:\/\//i.test(f.uri))
    return f.uri;
  if (f.$type === "app.bsky.richtext.facet#mention" && typeof f.did === "string" && f.did.startsWith("did:"))
    return `https://bsky.app/profile/${f.did}`;
  return null;
}

/** The text as HTML, facets (UTF-8 byte ranges, in order, not overlapping) made links. */
export function richTextHtml(text: string, facets: unknown): string {
  const bytes = new TextEncoder().encode(text);
  const decode = (a: number, b: number) => new TextDecoder().decode(bytes.slice(a, b));
  const list = (Array.isArray(facets) ? (facets as Facet[]) : [])
    .map((f) => ({
      start: Number(f.index?.byteStart),
      end: Number(f.index?.byteEnd),
      href: f.features?.map(hrefOf).find(Boolean),
    }))
    .filter(
      (f) =>
        Number.isInteger(f.start) &&
        Number.isInteger(f.end) &&
        f.start < f.end &&
        f.end <= bytes.length &&
        f.href,
    )
    .sort((a, b) => a.start - b.start);
  let html = "";
  let at = 0;
  for (const f of list) {
    if (f.start < at) continue;
    html += escapeHtml(decode(at, f.start));
    html += `<a href="${escapeHtml(f.href as string)}">${escapeHtml(decode(f.start, f.end))}</a>`;
    at = f.end;
  }
  return paragraphs(html + escapeHtml(decode(at, bytes.length)));
}

/** The public page of a post: bsky.app/profile/<handle>/post/<rkey>. */
const pageOf = (uri: string, handle: string) =>
  `https://bsky.app/profile/${handle}/post/${uri.split("/").pop()}`;

function replyOf(node: ThreadNode, parentId: string | null): SocialReply | null {
  const p = node.post;
  const uri = str(p?.uri);
  const handle = str(p?.author?.handle);
  const text = typeof p?.record?.text === "string" ? p.record.text : null;
  if (!p || !uri?.startsWith("at://") || !handle || !isHandle(handle) || text === null) return null;
  return {
    id: uri,
    parentId,
    url: pageOf(uri, handle),
    author: {
      name: nameOf(str(p.author?.displayName) ?? handle, LIMITS.nameMax),
      handle: `@${handle}`,
      url: `https://bsky.app/profile/${handle}`,
    },
    html: richTextHtml(text, p.record?.facets),
    publishedAt: publishedOf(str(p.record?.createdAt), str(p.indexedAt)),
  };
}

/** The earlier of the record's createdAt (the author's claim) and the AppView's indexedAt (when
 * it saw the post), as Bluesky's own sort time: a post cannot claim to be newer than it is. */
function publishedOf(created: string | null, indexed: string | null): string | null {
  const times = [created, indexed].filter((t): t is string => t !== null && Number.isFinite(Date.parse(t)));
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/** Every reply below `node`, depth first; a node that is not a post view ends its branch. */
function walk(node: ThreadNode, parentId: string | null, out: SocialReply[]): void {
  for (const child of Array.isArray(node.replies) ? (node.replies as ThreadNode[]) : []) {
    if (out.length >= SOCIAL_LIMITS.replies) return;
    if (typeof child !== "object" || child === null || child.$type !== THREAD_VIEW) continue;
    const reply = replyOf(child, parentId);
    if (!reply) continue;
    out.push(reply);
    walk(child, reply.id, out);
  }
}

/** The post's at:// URI: a handle is resolved to its DID first. */
async function rootUri(post: BlueskyPost, env: Env): Promise<{ uri: string } | { error: string }> {
  let did = post.actor;
  if (!did.startsWith("did:")) {
    const url = `${baseOf(env)}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(did)}`;
    const got = await fetchJson(url, env);
    if (!got.ok) return { error: got.error };
    if (got.status !== 200)
      return { error: `the handle ${did} could not be resolved (${httpError(url, got.status)})` };
    const resolved = str((got.body as { did?: unknown } | null)?.did);
    if (!resolved?.startsWith("did:")) return { error: `the handle ${did} could not be resolved` };
    did = resolved;
  }
  return { uri: `at://${did}/app.bsky.feed.post/${post.rkey}` };
}

export async function pullBluesky(post: BlueskyPost, known: string | null, env: Env): Promise<Pulled> {
  const root = known ? { uri: known } : await rootUri(post, env);
  if ("error" in root) return { ok: false, remoteRoot: null, error: root.error };
  const url = `${baseOf(env)}/xrpc/app.bsky.feed.getPostThread?uri=${encodeURIComponent(root.uri)}&depth=${SOCIAL_LIMITS.depth}&parentHeight=0`;
  const got = await fetchJson(url, env);
  if (!got.ok) return { ok: false, remoteRoot: root.uri, error: got.error };
  if (got.status !== 200) return { ok: false, remoteRoot: root.uri, error: httpError(url, got.status) };
  const thread = (got.body as { thread?: ThreadNode } | null)?.thread;
  if (!thread || thread.$type !== THREAD_VIEW)
    return { ok: false, remoteRoot: root.uri, error: "the linked post is deleted, blocked or not public" };
  const replies: SocialReply[] = [];
  walk(thread, null, replies);
  // The walk stops at the limit: a thread that reached it may have more, so it removes none.
  const complete = replies.length < SOCIAL_LIMITS.replies;
  return { ok: true, remoteRoot: root.uri, replies: parentsFirst(replies, SOCIAL_LIMITS.replies), complete };
}
