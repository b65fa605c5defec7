import type { AdminComment, AdminStatus } from "../api.ts";

export interface RowActions {
  setStatus: (c: AdminComment, status: AdminStatus) => void;
  /** Asks first: opens the row's "Really erase?" (see confirmErase). */
  erase: (c: AdminComment) => void;
  /** Erases for good, once confirmed. */
  confirmErase: (c: AdminComment) => void;
  /** Closes what is open in the row (the erase question). */
  cancel: (c: AdminComment) => void;
  pin: (c: AdminComment) => void;
  edit: (c: AdminComment) => void;
  ban: (c: AdminComment) => void;
}

interface Props {
  comment: AdminComment;
  actions: RowActions;
  busy: boolean;
  /** The erase question is open. */
  asking: boolean;
}

/** One-click decisions on one comment; the keys in brackets are the shortcuts (see Help). */
export function CommentActions({ comment: c, actions, busy, asking }: Props) {
  const status = (label: string, key: string, to: AdminStatus, cls = "") =>
    c.status !== to && (
      <button
        type="button"
        class={cls}
        disabled={busy}
        aria-keyshortcuts={key}
        onClick={() => actions.setStatus(c, to)}
      >
        {label}
      </button>
    );
  const erased = c.status === "deleted" && !c.author;
  return (
    <fieldset class="actions">
      <legend class="sr-only">Actions</legend>
      {status("Approve", "a", "approved", "primary")}
      {status("Spam", "s", "spam")}
      {status("Hold", "h", "pending")}
      <button
        type="button"
        class="danger"
        disabled={busy}
        aria-keyshortcuts="d"
        aria-expanded={asking}
        title="Erase for good: text, name, email, website and hashes (asks first)"
        onClick={() => actions.erase(c)}
      >
        Delete
      </button>
      {!erased && (
        <button type="button" disabled={busy} aria-keyshortcuts="e" onClick={() => actions.edit(c)}>
          Edit
        </button>
      )}
      <button
        type="button"
        disabled={busy}
        aria-keyshortcuts="p"
        aria-pressed={c.pinned}
        onClick={() => actions.pin(c)}
      >
        {c.pinned ? "Unpin" : "Pin"}
      </button>
      {(c.networkHash || c.authorEmail) && (
        <button type="button" disabled={busy} onClick={() => actions.ban(c)}>
          Ban…
        </button>
      )}
    </fieldset>
  );
}
