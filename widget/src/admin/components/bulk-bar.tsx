import { useState } from "preact/hooks";
import { type AdminStatus, BULK_MAX, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";

interface Props {
  /** Ids of the loaded comments, in order. */
  all: string[];
  selected: ReadonlySet<string>;
  onSelect: (ids: ReadonlySet<string>) => void;
  /** After the server changed `ids` (possibly only some, when a later request failed). */
  onApplied: (ids: string[], status: AdminStatus) => void;
}

const BULK: [label: string, status: AdminStatus][] = [
  ["Approve selected", "approved"],
  ["Hold selected", "pending"],
  ["Spam selected", "spam"],
  // A status change, not an erase: a comment with replies stays as a placeholder.
  ["Soft-delete selected", "deleted"],
];

/** Select-all and the status changes for every selected comment, in requests of at most 100. */
export function BulkBar({ all, selected, onSelect, onApplied }: Props) {
  const { api } = useAdmin();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const count = selected.size;
  const everything = all.length > 0 && all.every((id) => selected.has(id));

  const apply = async (status: AdminStatus) => {
    const ids = all.filter((id) => selected.has(id));
    setBusy(true);
    setMessage(null);
    let updated = 0;
    try {
      for (let i = 0; i < ids.length; i += BULK_MAX) {
        const chunk = ids.slice(i, i + BULK_MAX);
        updated += await api.bulk(chunk, status);
        onApplied(chunk, status);
      }
      setMessage({ error: false, text: `Updated ${updated} comment${updated === 1 ? "" : "s"}.` });
    } catch (e) {
      setMessage({ error: true, text: `${messageOf(e)} (${updated} updated before the error.)` });
    }
    setBusy(false);
  };

  return (
    <fieldset class="bulk">
      <legend class="sr-only">Bulk actions</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={everything}
          disabled={all.length === 0}
          onChange={() => onSelect(everything ? new Set() : new Set(all))}
        />
        Select all
      </label>
      <span class="muted" aria-live="polite">
        {count} selected
      </span>
      {BULK.map(([label, status]) => (
        <button key={status} type="button" disabled={busy || count === 0} onClick={() => apply(status)}>
          {label}
        </button>
      ))}
      {message && (
        <p class={message.error ? "error" : "note"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
