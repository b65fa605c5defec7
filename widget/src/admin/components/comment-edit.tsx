import { useEffect, useRef, useState } from "preact/hooks";
import { messageOf } from "../api.ts";

interface Props {
  id: string;
  text: string;
  onSave: (text: string) => Promise<void>;
  onCancel: () => void;
}

/** Inline edit of the Markdown source; the server re-renders it. Escape cancels. */
export function CommentEdit({ id, text, onSave, onCancel }: Props) {
  const [value, setValue] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!value.trim()) {
      setError("The text cannot be empty.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(value);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <form class="edit" onSubmit={submit} aria-label="Edit comment">
      <label for={`edit-${id}`}>Text (Markdown)</label>
      <textarea
        id={`edit-${id}`}
        ref={area}
        rows={5}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `edit-${id}-error` : undefined}
      />
      {error && (
        <p class="error" id={`edit-${id}-error`} role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
