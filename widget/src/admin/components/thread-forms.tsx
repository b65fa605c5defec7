import { useState } from "preact/hooks";
import { AdminApiError, type AdminThread, messageOf } from "../api.ts";
import { fieldErrors } from "../format.ts";

interface FormProps<T> {
  thread: AdminThread;
  onSubmit: (value: T) => Promise<void>;
  onCancel: () => void;
}

/** Runs a submit, keeping its message and field errors to show next to the form. */
function useSubmit<T>(onSubmit: (value: T) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const submit = async (value: T) => {
    setError(null);
    setFields({});
    try {
      await onSubmit(value);
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError) setFields(fieldErrors(e.fields));
    }
  };
  return { error, fields, submit };
}

/** Retitle a thread or change its URL; only what changed is sent. */
export function ThreadEdit({
  thread,
  onSubmit,
  onCancel,
}: FormProps<{ title?: string | null; url?: string }>) {
  const [title, setTitle] = useState(thread.title ?? "");
  const [url, setUrl] = useState(thread.url ?? "");
  const { error, fields, submit } = useSubmit(onSubmit);
  const id = `thread-${thread.id}`;
  return (
    <form
      class="inline-form"
      aria-label="Edit thread"
      onSubmit={(e) => {
        e.preventDefault();
        const patch: { title?: string | null; url?: string } = {};
        if (title.trim() !== (thread.title ?? "")) patch.title = title.trim() || null;
        if (url.trim() && url.trim() !== thread.url) patch.url = url.trim();
        if (Object.keys(patch).length === 0) onCancel();
        else void submit(patch);
      }}
    >
      <div class="field">
        <label for={`${id}-title`}>Title</label>
        <input id={`${id}-title`} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        {fields.title && <span class="error">{fields.title}</span>}
      </div>
      <div class="field">
        <label for={`${id}-url`}>URL</label>
        <input id={`${id}-url`} type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        {fields.url && <span class="error">{fields.url}</span>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="primary">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Moves every comment of this thread into another of the same site (one page under two URLs). */
export function ThreadMerge({
  thread,
  others,
  onSubmit,
  onCancel,
}: FormProps<string> & { others: AdminThread[] }) {
  const [into, setInto] = useState("");
  const { error, fields, submit } = useSubmit(onSubmit);
  const id = `merge-${thread.id}`;
  return (
    <form
      class="inline-form"
      aria-label="Merge thread"
      onSubmit={(e) => {
        e.preventDefault();
        if (into.trim()) void submit(into.trim());
      }}
    >
      <div class="field">
        <label for={id}>Merge into thread (id)</label>
        <input
          id={id}
          list={`${id}-list`}
          value={into}
          onInput={(e) => setInto(e.currentTarget.value)}
          required
        />
        <datalist id={`${id}-list`}>
          {others.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title || t.key}
            </option>
          ))}
        </datalist>
        {fields.into && <span class="error">{fields.into}</span>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="danger">
          Merge
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
