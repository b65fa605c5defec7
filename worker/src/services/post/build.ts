// Posting, between judging and writing: the row to insert, and the facts its effects will need.
import type { CreateCommentInput } from "../../../../shared/schemas.ts";
import type { NewComment } from "../../db/comments.ts";
import type { Site } from "../../db/sites.ts";
import type { CommentFacts } from "../../db/status-changes.ts";
import { avatarSeed } from "../../lib/avatar.ts";
import { sha256Hex } from "../../lib/crypto.ts";
import { editTokenFor } from "../../lib/edit-token.ts";
import { timeId } from "../../lib/ids.ts";
import type { Keys } from "../../lib/keys.ts";
import { nowIso } from "../../lib/time.ts";
import { RENDERER_VERSION, type Rendered } from "../../render/markdown.ts";
import { identityAvatar } from "../auth/sessions.ts";
import type { Author } from "./author.ts";
import type { Judged } from "./judge.ts";
import type { Loaded } from "./load.ts";

export async function buildComment(q: {
  keys: Keys;
  site: Site;
  loaded: Loaded;
  input: CreateCommentInput;
  judged: Judged;
  rendered: Rendered;
  author: Author;
  network: string | null;
  nowMs: number;
}): Promise<NewComment> {
  const id = timeId(q.nowMs);
  const { name, email, identity } = q.author;
  return {
    id,
    siteId: q.site.id,
    pageKey: q.loaded.key,
    parent: q.judged.parent,
    status: q.judged.status,
    authorName: name,
    authorEmail: email,
    authorWebsite: q.author.website,
    avatarSeed: identity
      ? await identityAvatar(q.keys, identity)
      : await avatarSeed(q.keys, q.site.id, { email, name }),
    identityId: identity?.id ?? null,
    authorVerified: identity?.kind ?? null,
    isModerator: identity?.is_staff === 1,
    // Reply mails go only to a verified address (services/reply-mail.ts).
    notifyReplies: q.input.notifyReplies === true && identity !== null && email !== null,
    text: q.input.text,
    html: q.rendered.html,
    rendererVersion: RENDERER_VERSION,
    editTokenHash: await sha256Hex(await editTokenFor(q.keys, id)),
    networkHash: q.network,
    moderationReasons: q.judged.reasons,
    sourceId: null,
    createdAt: nowIso(q.nowMs),
  };
}

/** The new comment as its effects see it (mails name the page as the thread first stored it). */
export function factsOf(c: NewComment, loaded: Loaded, input: CreateCommentInput): CommentFacts {
  return {
    id: c.id,
    siteId: c.siteId,
    parentId: c.parent?.id ?? null,
    status: c.status,
    authorName: c.authorName,
    email: c.authorEmail,
    website: c.authorWebsite,
    text: c.text,
    notifyReplies: c.notifyReplies,
    updatedAt: c.createdAt,
    pageUrl: loaded.thread?.url ?? (input.url || null),
    pageTitle: loaded.thread?.title ?? (input.title || null),
    pageKey: c.pageKey,
  };
}
