import type { AdminComment, Ban } from "../api.ts";
import { BanForm } from "./ban-form.tsx";
import { CommentActions, type RowActions } from "./comment-actions.tsx";
import { CommentEdit } from "./comment-edit.tsx";
import { CommentMeta } from "./comment-meta.tsx";
import { Confirm } from "./confirm.tsx";

export type RowOpen = "edit" | "ban" | "erase" | null;

interface Props {
  comment: AdminComment;
  active: boolean;
  selected: boolean;
  /** What is open under the text: the edit form, the ban form, the erase question, or nothing. */
  open: RowOpen;
  busy: boolean;
  error: string | null;
  note: string | null;
  actions: RowActions;
  onActivate: () => void;
  onSelect: () => void;
  onSave: (text: string) => Promise<void>;
  onClose: (ban?: Ban | null) => void;
}

/** One comment of a moderation list: selection box, details, text (or a form) and actions. */
export function CommentRow(p: Props) {
  const c = p.comment;
  const name = c.author?.name || "Anonymous";
  return (
    <li
      id={`row-${c.id}`}
      class={`row${p.active ? " active" : ""}${p.selected ? " selected" : ""}`}
      // Roving focus: only the current row is in the tab order; j/k move it.
      tabIndex={p.active ? 0 : -1}
      aria-current={p.active ? "true" : undefined}
      aria-label={`Comment by ${name}`}
      onFocusIn={p.onActivate}
    >
      <input
        type="checkbox"
        class="select"
        checked={p.selected}
        onChange={p.onSelect}
        aria-label={`Select comment by ${name}`}
        aria-keyshortcuts="x"
      />
      <div class="content">
        <CommentMeta comment={c} />
        {p.open === "edit" ? (
          <CommentEdit id={c.id} text={c.text} onSave={p.onSave} onCancel={() => p.onClose()} />
        ) : (
          // The Markdown source as plain text: the moderator sees every link target as typed, and
          // nothing a commenter wrote can run on the page that holds the admin token.
          <p class="text">{c.text || <em class="muted">(erased)</em>}</p>
        )}
        {p.open === "ban" && <BanForm comment={c} onDone={p.onClose} />}
        {p.open === "erase" && (
          <Confirm
            question="Really erase this comment for good? There is no undo."
            yes="Yes, erase"
            busy={p.busy}
            onYes={() => p.actions.confirmErase(c)}
            onNo={() => p.actions.cancel(c)}
          />
        )}
        {p.error && (
          <p class="error" role="alert">
            {p.error}
          </p>
        )}
        {p.note && (
          <p class="note" role="status">
            {p.note}
          </p>
        )}
        <CommentActions comment={c} actions={p.actions} busy={p.busy} asking={p.open === "erase"} />
      </div>
    </li>
  );
}
