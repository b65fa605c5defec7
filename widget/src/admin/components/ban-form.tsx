import { useState } from "preact/hooks";
import { AdminApiError, type AdminComment, type Ban, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";
import { expiryOf } from "../expiry.ts";
import { fieldErrors } from "../format.ts";

interface Props {
  comment: AdminComment;
  onDone: (ban: Ban | null) => void;
}

/** Bans the author of a comment by its network hash or its email; the server looks both up. */
export function BanForm({ comment, onDone }: Props) {
  const { api } = useAdmin();
  const [kind, setKind] = useState<Ban["kind"]>(comment.networkHash ? "ip" : "email");
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const id = `ban-${comment.id}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const ban = await api.createBan({
        site: comment.site,
        fromComment: comment.id,
        kind,
        reason: reason.trim() || null,
        expiresAt: expiryOf(expires),
      });
      onDone(ban);
    } catch (e) {
      setError(messageOf(e));
      setFields(e instanceof AdminApiError ? fieldErrors(e.fields) : {});
    }
  };

  return (
    <form class="ban inline-form" onSubmit={submit} aria-label="Ban this author">
      <div class="field">
        <label for={`${id}-kind`}>Ban by</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as Ban["kind"])}
        >
          <option value="ip" disabled={!comment.networkHash}>
            Network address
          </option>
          <option value="email" disabled={!comment.authorEmail}>
            Email ({comment.authorEmail ?? "none given"})
          </option>
        </select>
      </div>
      <div class="field">
        <label for={`${id}-reason`}>Reason</label>
        <input id={`${id}-reason`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        {fields.reason && <span class="error">{fields.reason}</span>}
      </div>
      <div class="field">
        <label for={`${id}-expires`}>Expires (optional)</label>
        <input
          id={`${id}-expires`}
          type="date"
          value={expires}
          onInput={(e) => setExpires(e.currentTarget.value)}
        />
        {fields.expiresAt && <span class="error">{fields.expiresAt}</span>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="danger">
          Ban
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
