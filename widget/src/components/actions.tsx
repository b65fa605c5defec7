import { useContext } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { I18n } from "../i18n/t.ts";
import { ThreadContext } from "./context.ts";
import { Lazy } from "./lazy.tsx";

/**
 * The buttons under a comment, read-only: the likes count and Reply, as write.js draws them
 * with their handlers (write/actions.tsx), which replaces this row, with the same layout, once it
 * has run (it is requested with the thread). Reading a thread does not carry the code of acting.
 */
export function Actions(props: { comment: PublicComment; onEdit(): void }) {
  const t = useContext(I18n);
  const { locked } = useContext(ThreadContext);
  const { status, likes } = props.comment;
  const approved = status === "approved";
  return (
    <Lazy name="Actions" props={props}>
      <div class="actions-row">
        {approved && (
          <button type="button" class="link">
            {t("like")} {likes > 0 && <span>{likes}</span>}
          </button>
        )}
        {!locked && approved && (
          <button type="button" class="link">
            {t("reply")}
          </button>
        )}
      </div>
    </Lazy>
  );
}
