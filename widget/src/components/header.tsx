import type { PublicAuthor, PublicComment, VerifiedBy } from "../../../shared/types.ts";
import type { Translate } from "../i18n/t.ts";
import { formatTime } from "../time.ts";
import { avatar } from "./avatar.tsx";
import { Lazy } from "./lazy.tsx";

export const nameOf = (c: PublicComment, t: Translate): string => c.author?.name || t("anonymous");

/**
 * Avatar, name (linked to the author's website), badges and the time, linked to the comment.
 * `parent` is set past the indent limit, where nesting no longer shows whom a reply answers.
 * A plain function rather than a component, like avatar(): one comment draws one of each, with
 * nothing of their own to keep, and a long thread has hundreds.
 */
export function header(
  comment: PublicComment,
  author: PublicAuthor,
  name: string,
  t: Translate,
  parent?: PublicComment,
) {
  const time = formatTime(comment.createdAt, t.lang);
  // Only the server's own http(s) links are followed; anything else is shown as a plain name.
  const website = /^https?:\/\//i.test(author.website ?? "") ? author.website : null;
  return (
    <header>
      {avatar(author.avatar)}
      {website ? (
        <a class="name" href={website} rel="nofollow ugc noopener" target="_blank">
          {name}
        </a>
      ) : (
        <span class="name">{name}</span>
      )}
      {/* The author itself is the props (no object made per comment); only a verified one gets here. */}
      {author.verified && <Lazy name="Verified" props={author as { verified: VerifiedBy }} />}
      {author.isModerator && <span class="badge">{t("moderator")}</span>}
      <a class="meta" href={`#comment-${comment.id}`}>
        <time dateTime={comment.createdAt} title={time.title}>
          {time.text}
        </time>
      </a>
      {comment.editedAt && <span class="meta">({t("edited")})</span>}
      {parent && (
        <a class="meta" href={`#comment-${parent.id}`}>
          {t("replyingTo", { name: nameOf(parent, t) })}
        </a>
      )}
    </header>
  );
}
