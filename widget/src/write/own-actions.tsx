import { useContext, useState } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { deleteComment } from "./api.ts";
import { removed } from "./changes.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";
import { changeToken } from "./mine.ts";
import { useSession } from "./session.ts";

/**
 * Edit and delete, on the reader's own comment while its edit window is open: posted from this
 * browser, or by the identity signed in (./mine.ts); nothing otherwise.
 */
export function OwnActions({ comment, onEdit }: { comment: PublicComment; onEdit(): void }) {
  const t = useContext(I18n);
  const thread = useContext(ThreadContext);
  // Deleting asks once more, on the same button, rather than in a dialog the page cannot style.
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState("");
  useSession(thread.api, thread.options.site); // redraws on sign-in and sign-out
  const token = changeToken(thread.api, thread.site, comment);
  if (!token) return null;

  const del = () => {
    if (!confirm) return setConfirm(true);
    deleteComment(thread.api, comment.id, token).then(
      () => {
        removed(thread, comment.id);
        thread.announce(t("removed"));
      },
      (err) => setError(errorText(t, err)),
    );
  };

  return (
    <>
      <button type="button" class="link" onClick={onEdit}>
        {t("edit")}
      </button>
      <button type="button" class="link" onClick={del} onBlur={() => setConfirm(false)}>
        {t(confirm ? "confirmDelete" : "delete")}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
