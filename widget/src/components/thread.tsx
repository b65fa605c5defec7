import type { PublicThread } from "../../../shared/types.ts";
import { t } from "../i18n/t.ts";
import type { CommentNode } from "../tree.ts";
import { Comment } from "./comment.tsx";
import { CommentForm } from "./comment-form.tsx";

interface Props {
  thread: PublicThread;
  roots: CommentNode[];
  /** Newest-first threads get the form on top, where a new comment will appear. */
  formFirst: boolean;
}

/** The discussion: its count, the comments as nested lists, and the form (or why there is none). */
export function Thread({ thread, roots, formFirst }: Props) {
  const form = thread.locked ? <p class="note">{t("closed")}</p> : <CommentForm />;
  return (
    <section class="thread" aria-labelledby="confab-heading">
      <h2 id="confab-heading">{t("count", { n: thread.commentCount })}</h2>
      {formFirst && form}
      {roots.length > 0 && (
        <ol class="comments">
          {roots.map((node) => (
            <Comment key={node.comment.id} node={node} depth={0} />
          ))}
        </ol>
      )}
      {!formFirst && form}
    </section>
  );
}
