import { useContext, useState } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { like } from "../api.ts";
import { errorText } from "../i18n/errors.ts";
import { I18n } from "../i18n/t.ts";
import { likedIds, ownComment, rememberLike } from "../own-store.ts";
import { ThreadContext } from "./context.ts";
import { Lazy } from "./lazy.tsx";

/** The buttons under a comment: like, reply, and edit/delete while its author may still. */
export function Actions({ comment, onEdit }: { comment: PublicComment; onEdit(): void }) {
  const t = useContext(I18n);
  const { api, locked, patch, replyTo, setReplyTo } = useContext(ThreadContext);
  const open = replyTo === comment.id;
  const [liked, setLiked] = useState(() => likedIds().includes(comment.id));
  const [error, setError] = useState("");
  const approved = comment.status === "approved";
  const fail = (err: unknown) => setError(errorText(t, err));

  const toggleLike = () =>
    like(api, comment.id, !liked).then((r) => {
      setLiked(r.liked);
      rememberLike(comment.id, r.liked);
      patch(comment.id, { likes: r.likes });
    }, fail);

  return (
    <div class="actions-row">
      {approved && (
        <button type="button" class="link" aria-pressed={liked} onClick={toggleLike}>
          {t("like")} {comment.likes > 0 && <span>{comment.likes}</span>}
        </button>
      )}
      {!locked && approved && (
        <button
          type="button"
          class="link"
          aria-expanded={open}
          onClick={() => setReplyTo(open ? null : comment.id)}
        >
          {t("reply")}
        </button>
      )}
      {/* A verified author's comment may be the signed-in reader's: write.js tells (write/mine.ts). */}
      {(ownComment(comment.id) || comment.author?.verified) && (
        <Lazy name="OwnActions" props={{ comment, onEdit }} />
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
      {/* Last in the row: drawn when write.js has run, it moves nothing before it. */}
      <Lazy name="Extras" props={{ comment }} />
    </div>
  );
}
