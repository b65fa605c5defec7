import type { TargetedInputEvent } from "preact";
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { LIMITS } from "../../../shared/limits.ts";
import { ApiError } from "../api.ts";
import { type AuthorFields, loadAuthor, saveAuthor } from "../author-store.ts";
import { t } from "../i18n/t.ts";
import { ThreadContext } from "./context.ts";

interface Props {
  /** Set for an inline reply form; absent for the top-level one. */
  parentId?: string;
  parentName?: string;
  onCancel?: () => void;
}

interface FormError {
  message: string;
  fields: Record<string, string>;
}

/** The form for a new comment or a reply. The text survives every failure; only success clears it. */
export function CommentForm({ parentId, parentName, onCancel }: Props) {
  const { post, site } = useContext(ThreadContext);
  const [author, setAuthor] = useState<AuthorFields>(loadAuthor);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  // The spam check compares this with a human's typing speed; bots post the instant a form appears.
  const shownAt = useRef(Date.now());
  const trap = useRef<HTMLInputElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // A reply form opens because the reader asked for it: put them where they will type.
    if (parentId) textArea.current?.focus();
  }, [parentId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    saveAuthor(author);
    try {
      await post({
        parentId: parentId ?? null,
        author,
        text,
        trap: trap.current?.value ?? "",
        elapsedMs: Date.now() - shownAt.current,
      });
      setText("");
      shownAt.current = Date.now();
    } catch (err) {
      setError(err instanceof ApiError ? err : { message: t("networkError"), fields: {} });
    } finally {
      setSending(false);
    }
  };

  const required = { name: site.requireName, email: site.requireEmail, website: false };
  const invalid = (field: string) => (error?.fields[field] ? true : undefined);
  const bind = (key: keyof AuthorFields, maxLength: number) => ({
    name: key,
    maxLength,
    required: required[key],
    value: author[key],
    "aria-invalid": invalid(`author.${key}`),
    onInput: (e: TargetedInputEvent<HTMLInputElement>) =>
      setAuthor({ ...author, [key]: e.currentTarget.value }),
  });
  const hint = (key: keyof AuthorFields) => {
    const hints = [!required[key] && t("optional"), key === "email" && t("neverShown")].filter(Boolean);
    return hints.length > 0 && <span class="hint">({hints.join(", ")})</span>;
  };

  return (
    <form aria-label={parentName ? t("replyTo", { name: parentName }) : t("newComment")} onSubmit={submit}>
      <label>
        <span>
          {t("name")} {hint("name")}
        </span>
        <input type="text" autoComplete="name" {...bind("name", LIMITS.nameMax)} />
      </label>
      <label>
        <span>
          {t("email")} {hint("email")}
        </span>
        <input type="email" autoComplete="email" {...bind("email", LIMITS.emailMax)} />
      </label>
      <label>
        <span>
          {t("website")} {hint("website")}
        </span>
        <input type="url" autoComplete="url" {...bind("website", LIMITS.websiteMax)} />
      </label>
      <label class="wide">
        <span>{t("text")}</span>
        <textarea
          ref={textArea}
          name="text"
          required
          rows={4}
          value={text}
          aria-invalid={invalid("text")}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {/* The honeypot: invisible and unreachable for people, irresistible to form-filling bots. */}
      <input ref={trap} class="trap" name="trap" tabIndex={-1} autoComplete="off" aria-hidden="true" />
      {error && (
        <p class="error wide" role="alert">
          {error.message}
        </p>
      )}
      <div class="actions wide">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
        <button type="submit" class="primary" disabled={sending}>
          {sending ? t("sending") : t("submit")}
        </button>
      </div>
    </form>
  );
}
