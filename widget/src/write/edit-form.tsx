import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { ownComment, rememberOwn } from "../own-store.ts";
import { editComment } from "./api.ts";
import { edited } from "./changes.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";
import { textOf } from "./mine.ts";
import { sessionOf } from "./session.ts";

/**
 * Edits the reader's own comment in place, from the Markdown they typed (kept in localStorage),
 * or, signed in on a device that has none, from the rendered comment's text.
 */
export function EditForm({ id, html, onDone }: { id: string; html?: string; onDone(): void }) {
  const t = useContext(I18n);
  const thread = useContext(ThreadContext);
  const { api, site } = thread;
  const own = ownComment(id);
  const token = own?.editToken ?? sessionOf(api, thread.options.site)?.token;
  const [text, setText] = useState(() => own?.text ?? textOf(html ?? ""));
  const [error, setError] = useState("");
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!token || sending) return;
    setSending(true);
    editComment(api, id, text, token)
      .then(({ comment }) => {
        if (own) rememberOwn({ ...own, text });
        edited(thread, t, comment);
        onDone();
      })
      .catch((err) => setError(errorText(t, err, { n: site.maxLength })))
      .finally(() => setSending(false));
  };

  return (
    <form class="edit" aria-label={t("edit")} onSubmit={submit}>
      <label class="wide">
        <span>{t("text")}</span>
        <textarea ref={area} required rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error wide" role="alert">
          {error}
        </p>
      )}
      <div class="actions wide">
        <button type="button" onClick={onDone}>
          {t("cancel")}
        </button>
        <button type="submit" class="primary" disabled={sending}>
          {t("save")}
        </button>
      </div>
    </form>
  );
}
