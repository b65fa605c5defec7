import type { PublicAuthor, PublicComment, VerifiedBy } from "../../../shared/types.ts";
import type { Translate } from "../i18n/t.ts";
import { formatTime } from "../time.ts";
import { avatar } from "./avatar.tsx";
import { Lazy } from "./lazy.tsx";

/** A comment from elsewhere is shown under its author's name there (text, as every name). */
export const nameOf = (c: PublicComment, t: Translate): string =>
  c.source?.author.name || c.author?.name || t("anonymous");

/** Only http(s) links are followed; anything else is shown as plain text. */
const http = (url?: string | null) => (/^https?:\/\//i.test(url ?? "") ? (url as string) : undefined);

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
  const website = http(comment.source?.author.url ?? author.website);
  const source = comment.source;
  // A comment copied from elsewhere: where it was written, and a way to answer it there. The
  // avatar stays the generated one: nothing is loaded from the other network (no tracking).
  const there = source && { href: http(source.url), rel: "nofollow ugc noopener", target: "_blank" };
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
      {there && (
        <>
          <a class="meta" {...there}>
            {/* "webmention" → "Webmention": the networks' names are not translated. */}
            {t("via", { network: (source.kind[0] ?? "").toUpperCase() + source.kind.slice(1) })}
          </a>
          <a class="meta" {...there}>
            {t("replyThere")}
          </a>
        </>
      )}
      {parent && (
        <a class="meta" href={`#comment-${parent.id}`}>
          {t("replyingTo", { name: nameOf(parent, t) })}
        </a>
      )}
    </header>
  );
}
