import type { AdminComment } from "../api.ts";
import { formatTime } from "../format.ts";
import { verifiedLabel } from "../verified.ts";

/** Only http(s) links are followed; anything else a commenter typed stays text. */
const httpUrl = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

/** How the author proved who they were when posting: "email", "GitHub", "SSO"… or "anonymous". */
function Verified({ by }: { by: Parameters<typeof verifiedLabel>[0] }) {
  return (
    <span class={`verified${by ? "" : " anonymous"}`} title="How the author was verified">
      {by && <span class="sr-only">verified by </span>}
      {verifiedLabel(by)}
    </span>
  );
}

/** Who wrote it, where, when and why it was held: what a moderator decides on. */
export function CommentMeta({ comment }: { comment: AdminComment }) {
  const { author, authorEmail, networkHash, threadTitle, threadUrl, moderationReasons } = comment;
  const website = httpUrl(author?.website ?? null);
  const thread = httpUrl(threadUrl);
  return (
    <div class="meta">
      <p class="who">
        <strong class="name">{author?.name || "Anonymous"}</strong>
        {author && <Verified by={author.verified} />}
        {authorEmail && (
          <a class="email" href={`mailto:${authorEmail}`}>
            {authorEmail}
          </a>
        )}
        {website && (
          <a class="website" href={website} rel="nofollow ugc noopener noreferrer" target="_blank">
            {author?.website}
          </a>
        )}
        {networkHash && (
          <span class="network" title="Keyed hash of the network address">
            network <code>{networkHash}</code>
          </span>
        )}
      </p>
      <p class="where">
        <span class={`status ${comment.status}`}>{comment.status}</span>
        {comment.pinned && <span class="badge">pinned</span>}
        <time dateTime={comment.createdAt}>{formatTime(comment.createdAt)}</time>
        {comment.editedAt && <span class="muted">(edited)</span>}
        <span class="muted">on {comment.site}</span>
        {thread ? (
          <a class="thread" href={thread} rel="noopener noreferrer" target="_blank">
            {threadTitle || thread}
          </a>
        ) : (
          <span class="thread">{threadTitle || comment.threadId}</span>
        )}
      </p>
      {moderationReasons.length > 0 && (
        <ul class="reasons" aria-label="Moderation reasons">
          {moderationReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
