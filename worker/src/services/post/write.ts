// Posting, step 3: one atomic batch writes the thread (on its first comment), the comment, the
// idempotency key and the counters; the answer is built from what was written.
import type { CreateCommentInput } from "../../../../shared/schemas.ts";
import type { CreateCommentResponse } from "../../../../shared/types.ts";
import { batch, exec, none } from "../../db/batch.ts";
import { countNewComment, insertedComment, type NewComment, toPublicComment } from "../../db/comments.ts";
import type { Db } from "../../db/database.ts";
import { claimKey } from "../../db/idempotency.ts";
import { nameFromPost } from "../../db/identities.ts";
import type { Site } from "../../db/sites.ts";
import { subscribeVerified } from "../../db/subscriptions.ts";
import type { Thread } from "../../db/threads.ts";
import { commentCountOf, insertThreadIfMissing } from "../../db/threads.ts";
import { ApiError } from "../../lib/api-error.ts";
import { timeId } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";

export type Answer = Omit<CreateCommentResponse, "editToken">;

/** The public answer of a comment about to be written (no edit token: it is never stored). */
export function answerOf(c: NewComment, thread: Thread | null, site: Site, createdMs: number): Answer {
  return {
    comment: toPublicComment({
      id: c.id,
      thread_id: thread?.id ?? "",
      site_id: site.id,
      parent_id: c.parent?.id ?? null,
      root_id: c.parent?.root_id ?? c.id,
      path: "",
      depth: c.parent ? c.parent.depth + 1 : 0,
      status: c.status,
      pinned: 0,
      likes: 0,
      reactions: "{}",
      reply_count: 0,
      author_name: c.authorName,
      author_website: c.authorWebsite,
      avatar_seed: c.avatarSeed,
      is_moderator: c.isModerator ? 1 : 0,
      author_verified: c.authorVerified,
      html: c.html,
      created_at: c.createdAt,
      edited_at: null,
      source_kind: c.remote?.kind ?? null,
      source_url: c.remote?.url ?? null,
      source_handle: c.remote?.handle ?? null,
    }),
    editableUntil: nowIso(createdMs + site.editWindowSeconds * 1000),
  };
}

/**
 * Writes it all or nothing; a lost race for the idempotency key throws, for the caller to replay.
 * Answers the thread's comment count after the write (for the live channel, read in the batch).
 */
export async function writePost(
  db: Db,
  q: {
    comment: NewComment;
    input: CreateCommentInput;
    answer: Answer;
    idempotency: { key: string; requestHash: string; since: string } | null;
    createdMs: number;
  },
): Promise<number> {
  const { comment: c, input } = q;
  const claim = q.idempotency
    ? claimKey(db, {
        siteId: c.siteId,
        key: q.idempotency.key,
        commentId: c.id,
        body: JSON.stringify(q.answer),
        requestHash: q.idempotency.requestHash,
        now: c.createdAt,
        since: q.idempotency.since,
      })
    : [];
  const { inserted, count } = await batch(db, {
    thread: exec(
      insertThreadIfMissing(db, {
        id: timeId(q.createdMs),
        siteId: c.siteId,
        key: c.pageKey,
        url: input.url || null,
        title: input.title || null,
        // When the thread came to be here (a remote first comment's own time may be older).
        now: nowIso(q.createdMs),
      }),
    ),
    inserted: insertedComment(db, c),
    key: exec(...claim),
    // A signed-in reader who ticks "notify me" proved the address by signing in: that is the opt-in.
    consent:
      c.notifyReplies && c.authorEmail
        ? exec(
            subscribeVerified(db, {
              siteId: c.siteId,
              email: c.authorEmail,
              commentId: c.id,
              now: c.createdAt,
            }),
          )
        : none(undefined),
    name:
      c.identityId && c.authorVerified === "email"
        ? exec(
            nameFromPost(db, {
              identityId: c.identityId,
              name: c.authorName,
              commentId: c.id,
              now: c.createdAt,
            }),
          )
        : none(undefined),
    counts: exec(
      ...countNewComment(db, {
        id: c.id,
        siteId: c.siteId,
        pageKey: c.pageKey,
        parentId: c.parent?.id ?? null,
        now: c.createdAt,
      }),
    ),
    count: commentCountOf(db, c.siteId, c.pageKey),
  });
  // The parent was deleted or held between our read and our write.
  if (!inserted) throw new ApiError("parent_not_found", "The comment you are replying to is gone.");
  return count;
}
