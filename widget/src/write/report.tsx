// "Report" under a comment: a reason, sent to the moderators (docs/api.md, POST
// /comments/:id/report). Enough distinct readers' reports hold the comment for review.
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import type { PublicComment } from "../../../shared/types.ts";
import { report } from "./api.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";
import { Reactions } from "./reactions.tsx";

/** The button, and once pressed the form: a closed one costs a comment one hook. */
export function Report({ id }: { id: string }) {
  const t = useContext(I18n);
  const [state, setState] = useState<"closed" | "open" | "sent">("closed");
  if (state === "sent") return <span class="meta">{t("reported")}</span>;
  if (state === "closed")
    return (
      <button type="button" class="link" aria-expanded="false" onClick={() => setState("open")}>
        {t("report")}
      </button>
    );
  return <ReportForm id={id} onClose={() => setState("closed")} onSent={() => setState("sent")} />;
}

function ReportForm({ id, onClose, onSent }: { id: string; onClose(): void; onSent(): void }) {
  const t = useContext(I18n);
  const thread = useContext(ThreadContext);
  const [reason, setReason] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    setSending(true);
    setError("");
    report(thread.api, id, reason).then(
      () => {
        thread.announce(t("reportSent"));
        onSent();
      },
      (err) => {
        setSending(false);
        setError(errorText(t, err));
      },
    );
  };
  return (
    <form class="report" aria-label={t("report")} onSubmit={submit}>
      <label class="wide">
        <span>{t("reportReason")}</span>
        <textarea
          ref={field}
          required
          rows={2}
          maxLength={500}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="error wide" role="alert">
          {error}
        </p>
      )}
      <div class="actions wide">
        <button type="button" onClick={onClose}>
          {t("cancel")}
        </button>
        <button type="submit" class="primary" disabled={sending}>
          {t("sendReport")}
        </button>
      </div>
    </form>
  );
}

/** What write.js adds under each published comment: its reactions bar, then Report. */
export function Extras({ comment }: { comment: PublicComment }) {
  // Asked for under every comment: a held one (its author's own) has neither.
  if (comment.status !== "approved") return null;
  return (
    <>
      <Reactions id={comment.id} counts={comment.reactions} />
      <Report id={comment.id} />
    </>
  );
}
