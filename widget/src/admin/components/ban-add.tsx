import { useState } from "preact/hooks";
import { AdminApiError, type Ban, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";
import { expiryOf } from "../expiry.ts";
import { fieldErrors } from "../format.ts";

/** Adds an email ban to a site (a network ban needs a comment: see the comment's "Ban…"). */
export function BanAdd({ site, onAdded }: { site: string; onAdded: (ban: Ban) => void }) {
  const { api } = useAdmin();
  const [email, setEmail] = useState("");
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setFields({});
    try {
      onAdded(
        await api.createBan({
          site,
          kind: "email",
          value: email.trim(),
          reason: reason.trim() || null,
          expiresAt: expiryOf(expires),
        }),
      );
      setEmail("");
      setReason("");
      setExpires("");
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError) setFields(fieldErrors(e.fields));
    }
  };

  return (
    <form class="inline-form" onSubmit={submit} aria-label="Ban an email address">
      <div class="field">
        <label for="ban-email">Email</label>
        <input
          id="ban-email"
          type="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          aria-invalid={fields.value ? true : undefined}
        />
        {fields.value && <span class="error">{fields.value}</span>}
      </div>
      <div class="field">
        <label for="ban-reason">Reason</label>
        <input id="ban-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        {fields.reason && <span class="error">{fields.reason}</span>}
      </div>
      <div class="field">
        <label for="ban-expires">Expires (optional)</label>
        <input
          id="ban-expires"
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
        <button type="submit" class="primary">
          Add ban
        </button>
      </div>
    </form>
  );
}
