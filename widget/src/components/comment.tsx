import { useContext, useMemo } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { t } from "../i18n/t.ts";
import { sanitize } from "../sanitize.ts";
import { formatTime } from "../time.ts";
import type { CommentNode } from "../tree.ts";
import { Avatar } from "./avatar.tsx";
import { CommentForm } from "./comment-form.tsx";
import { ThreadContext } from "./context.ts";

/** Replies deeper than this keep this indent (narrow screens) and name the comment they answer. */
export const MAX_INDENT = 4;

const nameOf = (c: PublicComment): string => c.author?.name || t("anonymous");

interface Props {
  node: CommentNode;
  depth: number;
  parent?: PublicComment;
}

/** One comment, its inline reply form when open, and its replies. */
export function Comment({ node: { comment, children }, depth, parent }: Props) {
  const { replyTo, setReplyTo, locked } = useContext(ThreadContext);
  const html = useMemo(() => sanitize(comment.html), [comment.html]);
  const { author, id, status } = comment;
  const name = nameOf(comment);
  const time = formatTime(comment.createdAt);
  const open = replyTo === id;
  // Only the server's own http(s) links are followed; anything else is shown as a plain name.
  const website = author?.website && /^https?:\/\//i.test(author.website) ? author.website : null;

  return (
    <li>
      <article
        id={`comment-${id}`}
        class={`comment ${status}`}
        aria-label={author ? t("commentBy", { name }) : t("deleted")}
      >
        {author ? (
          <header>
            <Avatar seed={author.avatar} name={author.name} />
            {website ? (
              <a class="name" href={website} rel="nofollow ugc noopener" target="_blank">
                {name}
              </a>
            ) : (
              <span class="name">{name}</span>
            )}
            {author.isModerator && <span class="badge">{t("moderator")}</span>}
            <time dateTime={comment.createdAt} title={time.title}>
              {time.text}
            </time>
            {comment.editedAt && <span class="meta">({t("edited")})</span>}
            {depth > MAX_INDENT && parent && (
              <span class="meta">{t("replyingTo", { name: nameOf(parent) })}</span>
            )}
          </header>
        ) : null}
        {status === "deleted" ? (
          <p class="meta">{t("deleted")}</p>
        ) : (
          <div class="body" dangerouslySetInnerHTML={{ __html: html }} />
        )}
        {status === "pending" && <p class="note">{t("pending")}</p>}
        {!locked && status === "approved" && (
          <button
            type="button"
            class="link"
            aria-expanded={open}
            onClick={() => setReplyTo(open ? null : id)}
          >
            {t("reply")}
          </button>
        )}
      </article>
      {open && <CommentForm parentId={id} parentName={name} onCancel={() => setReplyTo(null)} />}
      {children.length > 0 && (
        <ol class={depth < MAX_INDENT ? "replies" : "replies flat"} aria-label={t("repliesTo", { name })}>
          {children.map((child) => (
            <Comment key={child.comment.id} node={child} depth={depth + 1} parent={comment} />
          ))}
        </ol>
      )}
    </li>
  );
}
