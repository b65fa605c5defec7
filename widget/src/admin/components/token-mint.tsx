import { useState } from "preact/hooks";
import { AdminApiError, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";
import { fieldErrors } from "../format.ts";
import { describedBy, Field } from "./field.tsx";

export interface Minted {
  id: string;
  label: string;
  token: string;
}

const HINT = "Who holds it; shown in the audit log.";

/** Mints a moderator token for a label and some sites. */
export function TokenMint({ onMinted }: { onMinted: (minted: Minted) => void }) {
  const { api, sites } = useAdmin();
  const [label, setLabel] = useState("");
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!label.trim()) found.label = "Required: who holds it, e.g. “Ana (demo blog)”.";
    if (chosen.size === 0) found.sites = "Choose at least one site.";
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      // In the order of the site list, not of the clicks.
      const picked = sites.map((s) => s.id).filter((id) => chosen.has(id));
      const { token, id } = await api.mintToken({ label: label.trim(), sites: picked });
      setLabel("");
      setChosen(new Set());
      onMinted({ id, label: label.trim(), token });
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError) setErrors(fieldErrors(e.fields));
    }
    setBusy(false);
  };

  if (sites.length === 0) return <p class="empty">Create a site first: a token is for some sites.</p>;
  return (
    <form class="token-form" onSubmit={submit} aria-label="New moderator token" noValidate>
      <Field id="token-label" label="Label" error={errors.label} hint={HINT}>
        <input
          id="token-label"
          value={label}
          maxLength={100}
          autoComplete="off"
          aria-invalid={errors.label ? true : undefined}
          aria-describedby={describedBy("token-label", errors.label, HINT)}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
      </Field>
      <fieldset
        class={`token-sites${errors.sites ? " invalid" : ""}`}
        aria-describedby={errors.sites ? "token-sites-msg" : undefined}
      >
        <legend>Sites it may moderate</legend>
        {sites.map((s) => (
          <label key={s.id} class="check">
            <input type="checkbox" checked={chosen.has(s.id)} onChange={() => toggle(s.id)} />
            {s.name} <span class="muted">({s.id})</span>
          </label>
        ))}
        {errors.sites && (
          <span class="error" id="token-sites-msg">
            {errors.sites}
          </span>
        )}
      </fieldset>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        Create token
      </button>
    </form>
  );
}
