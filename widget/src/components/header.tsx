import { useContext } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { I18n, type Translate } from "../i18n/t.ts";
import { formatTime } from "../time.ts";
import { Avatar } from "./avatar.tsx";

export const nameOf = (c: PublicComment, t: Translate): string => c.author?.name || t("anonymous");

interface Props {
  comment: PublicComment;
  name: string;
  /** Set past the indent limit, where nesting no longer shows whom a reply answers. */
  parent?: PublicComment | undefined;
}

/** Avatar, name (linked to the author's website), badges and the time, linked to the comment. */
export function Header({ comment, name, parent }: Props) {
  const t = useContext(I18n);
  const author = comment.author;
  const time = formatTime(comment.createdAt, t.lang);
  // Only the server's own http(s) links are followed; anything else is shown as a plain name.
  const website = author?.website && /^https?:\/\//i.test(author.website) ? author.website : null;
  return (
    <header>
      <Avatar seed={author?.avatar ?? ""} />
      {website ? (
        <a class="name" href={website} rel="nofollow ugc noopener" target="_blank">
          {name}
        </a>
      ) : (
        <span class="name">{name}</span>
      )}
      {author?.isModerator && <span class="badge">{t("moderator")}</span>}
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
