// The buttons under a comment, working: like, reply, edit/delete while its author may still,
// reactions and Report. embed.js draws the same row read-only (components/actions.tsx) until
// this file has run, so reading a thread does not carry the code of acting on it.
import { useContext, useState } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { likedIds, ownComment, rememberLike } from "../own-store.ts";
import { like } from "./api.ts";
import { patch } from "./changes.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";
import { OwnActions } from "./own-actions.tsx";
import { Extras } from "./report.tsx";

export function Actions({ comment, onEdit }: { comment: PublicComment; onEdit(): void }) {
  const t = useContext(I18n);
  const thread = useContext(ThreadContext);
  const { api, locked, replyTo, setReplyTo } = thread;
  const open = replyTo === comment.id;
  const [liked, setLiked] = useState(() => likedIds().includes(comment.id));
  const [error, setError] = useState("");
  const approved = comment.status === "approved";

  const toggleLike = () =>
    like(api, comment.id, !liked).then(
      (r) => {
        setLiked(r.liked);
        rememberLike(comment.id, r.liked);
        patch(thread, comment.id, { likes: r.likes });
      },
      (err) => setError(errorText(t, err)),
    );

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
      {/* A verified author's comment may be the signed-in reader's: ./mine.ts tells. */}
      {(ownComment(comment.id) || comment.author?.verified) && (
        <OwnActions comment={comment} onEdit={onEdit} />
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
      <Extras comment={comment} />
    </div>
  );
}
