// Posting, step 2: the checks in the order of api.md. The request's shape and the site's rules
// first, then the local spam checks (the moderation mode is one of them), then the rate-limit slot
// is taken, and only then are third parties asked.
import type { CreateCommentInput } from "../../../../shared/schemas.ts";
import type { CommentStatus } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { ParentRow } from "../../db/comments.ts";
import type { Db } from "../../db/database.ts";
import { reserveSlot } from "../../db/rate-slots.ts";
import type { Site } from "../../db/sites.ts";
import { ApiError, validationError } from "../../lib/api-error.ts";
import { originAllowed } from "../../lib/cors.ts";
import type { Rendered } from "../../render/markdown.ts";
import { checkRate, screen } from "../../spam/pipeline.ts";
import { type RemoteContext, remoteChecks } from "../../spam/remote-checks.ts";
import { type Author, checkAuthor } from "./author.ts";
import type { Loaded } from "./load.ts";

export interface Judged {
  status: CommentStatus;
  reasons: string[];
  parent: ParentRow | null;
}

/** The rules that depend on the site's settings rather than on the body's shape alone. */
function checkAgainstSite(site: Site, turnstile: boolean, input: CreateCommentInput, author: Author): void {
  const fields: Record<string, string> = {};
  if (turnstile && !input.turnstileToken) fields.turnstileToken = "required";
  if (input.url && !originAllowed(site.origins, new URL(input.url).origin)) fields.url = "invalid";
  if (site.requireName && !author.name) fields["author.name"] = "required";
  // A signed-in reader's address is the identity's (or none, as their provider decided).
  if (site.requireEmail && !author.email && !author.identity) fields["author.email"] = "required";
  if ([...input.text].length > site.maxLength) fields.text = "too_long";
  if (Object.keys(fields).length > 0) throw validationError(fields);
}

function checkPlace(loaded: Loaded, input: CreateCommentInput): ParentRow | null {
  if (loaded.thread?.locked) throw new ApiError("thread_locked", "Comments on this page are closed.");
  if (!input.parentId) return null;
  const parent = loaded.parent;
  if (!parent || !loaded.thread || parent.thread_id !== loaded.thread.id || parent.status !== "approved") {
    throw new ApiError("parent_not_found", "The comment you are replying to does not exist.");
  }
  return parent;
}

export async function judgePost(
  db: Db,
  q: {
    loaded: Loaded;
    site: Site;
    turnstileSecret: string | null;
    input: CreateCommentInput;
    author: Author;
    network: string | null;
    rendered: Rendered;
    remote: RemoteContext;
    nowMs: number;
  },
): Promise<Judged> {
  const { loaded, site, input, author } = q;
  checkAuthor(site, author, loaded.staffEmail);
  checkAgainstSite(site, q.turnstileSecret !== null, input, author);
  const parent = checkPlace(loaded, input);
  const local = screen({
    site,
    kind: "post",
    shownText: q.rendered.shownText,
    linkCount: q.rendered.linkCount,
    trap: input.trap,
    elapsedMs: input.elapsedMs,
    banned: loaded.banned,
    duplicate: loaded.signals.duplicate,
    otherThreads: loaded.signals.otherThreads,
    approvedBefore: loaded.approvedBefore,
    signedIn: author.identity !== null,
  });
  const key = `post:${site.id}:${q.network ?? "unknown"}`;
  const { slot } = await batch(db, {
    slot: reserveSlot(db, { key, limits: { siteId: site.id }, nowMs: q.nowMs }),
  });
  checkRate(slot);
  const remote = await remoteChecks(
    site,
    q.turnstileSecret,
    {
      kind: "post",
      text: input.text,
      authorName: author.name,
      email: author.email,
      website: author.website,
      pageUrl: input.url ?? null,
      turnstileToken: input.turnstileToken,
    },
    q.remote,
  );
  const reasons = [...local, ...remote];
  return { status: reasons.length > 0 ? "pending" : "approved", reasons, parent };
}
