import { useContext, useMemo, useState } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { I18n } from "../i18n/t.ts";
import { sanitize } from "../sanitize.ts";
import { type CommentNode, missing } from "../tree.ts";
import { Actions } from "./actions.tsx";
import { ThreadContext } from "./context.ts";
import { header, nameOf } from "./header.tsx";
import { failure, Lazy } from "./lazy.tsx";

/** Replies deeper than this keep this indent (narrow screens) and name the comment they answer. */
export const MAX_INDENT = 4;

interface Props {
  node: CommentNode;
  depth: number;
  parent?: PublicComment;
}

/** One comment, its inline reply or edit form when open, and its replies. */
export function Comment({ node, depth, parent }: Props) {
  const { comment, children } = node;
  const t = useContext(I18n);
  const { replyTo, setReplyTo, target, moreReplies } = useContext(ThreadContext);
  const [editing, setEditing] = useState(false);
  const [more, setMore] = useState<"idle" | "busy" | "done">("idle");
  const [failed, setFailed] = useState<{ err: unknown } | null>(null);
  const html = useMemo(() => sanitize(comment.html), [comment.html]);
  const { author, id, status } = comment;
  const name = nameOf(comment, t);
  const loadReplies = () => {
    setMore("busy");
    setFailed(null);
    moreReplies(id).then(
      (left) => setMore(left ? "idle" : "done"),
      (err) => {
        setMore("idle");
        setFailed({ err });
      },
    );
  };

  return (
    <li>
      <article
        id={`comment-${id}`}
        tabIndex={-1}
        class={`comment ${status}${target === id ? " target" : ""}`}
        aria-label={author ? t("commentBy", { name }) : t("deleted")}
      >
        {author && header(comment, author, name, t, depth > MAX_INDENT ? parent : undefined)}
        {status === "deleted" ? (
          <p class="meta">{t("deleted")}</p>
        ) : editing ? (
          <Lazy name="EditForm" props={{ id, html: comment.html, onDone: () => setEditing(false) }} />
        ) : (
          <div class="body" dangerouslySetInnerHTML={{ __html: html }} />
        )}
        {status === "pending" && <p class="note">{t("pending")}</p>}
        {status !== "deleted" && !editing && <Actions comment={comment} onEdit={() => setEditing(true)} />}
      </article>
      {replyTo === id && (
        <Lazy
          name="CommentForm"
          props={{ parentId: id, parentName: name, onCancel: () => setReplyTo(null) }}
        />
      )}
      {children.length > 0 && (
        <ol class={depth < MAX_INDENT ? "replies" : "replies flat"} aria-label={t("repliesTo", { name })}>
          {children.map((child) => (
            <Comment key={child.comment.id} node={child} depth={depth + 1} parent={comment} />
          ))}
        </ol>
      )}
      {depth === 0 && more !== "done" && missing(node) && (
        <button type="button" class="link more" disabled={more === "busy"} onClick={loadReplies}>
          {t("moreReplies")}
        </button>
      )}
      {failed && (
        <p class="error" role="alert">
          {failure(t, failed.err)}
        </p>
      )}
    </li>
  );
}
