import { useState } from "preact/hooks";
import { MAX_REACTIONS } from "../../../../shared/reactions.ts";
import { AdminApiError, type AdminSite, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";
import { fieldErrors } from "../format.ts";
import { checkDraft, createBody, type Draft, draftOf, NUMBERS, patchBody } from "../site-draft.ts";
import { describedBy, Field } from "./field.tsx";
import { SiteAccess } from "./site-access.tsx";

interface Props {
  /** null: a new site. */
  site: AdminSite | null;
  onSaved: (site: AdminSite) => void;
}

type TextField = Exclude<
  keyof Draft,
  "moderation" | "blockedWordsAction" | "requireName" | "requireEmail" | "posting" | "signIn"
>;
/** Hints under one-line fields (fields with a hint in LISTS are lists, one item per line). */
const HINTS: Partial<Record<TextField, string>> = {
  reactions: `Up to ${MAX_REACTIONS}, separated by spaces, in the order readers see them. Empty: no reactions (a new site: the default six).`,
  reportThreshold: "This many distinct readers' reports hold a comment for review (default 3).",
};
const LISTS: Partial<Record<TextField, string>> = {
  origins: "One per line, e.g. https://blog.example.com (a port may be *).",
  blockedWords: "One per line.",
  blockedSources:
    "Host names, one per line (each with its subdomains): their Webmentions and Mastodon and Bluesky replies are refused, e.g. spam.example or an instance.",
  notifyEmails:
    "One per line; told about held comments. A new address is mailed a confirmation link and gets nothing until it is followed.",
};

/** The notification list's hint, with the addresses still awaiting their confirmation. */
function notifyHint(site: AdminSite | null): string | undefined {
  const pending = site?.notifyEmailsPending ?? [];
  if (pending.length === 0) return LISTS.notifyEmails;
  return `${LISTS.notifyEmails} Awaiting confirmation: ${pending.join(", ")}.`;
}

/** Every Site field of api.md; errors from the client checks or from the API's `fields`. */
export function SiteForm({ site, onSaved }: Props) {
  const { api } = useAdmin();
  const [draft, setDraft] = useState(() => draftOf(site));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const found = checkDraft(draft, !site);
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) {
      setMessage({ error: true, text: "Please correct the marked fields." });
      return;
    }
    setBusy(true);
    try {
      const saved = site
        ? await api.updateSite(site.id, patchBody(draft, site))
        : await api.createSite(createBody(draft));
      setDraft(draftOf(saved));
      setMessage({ error: false, text: "Saved." });
      onSaved(saved);
    } catch (e) {
      setErrors(e instanceof AdminApiError ? fieldErrors(e.fields) : {});
      setMessage({ error: true, text: messageOf(e) });
    }
    setBusy(false);
  };

  const text = (name: TextField, label: string, type: "text" | "number" | "password" | "url" = "text") => {
    const id = `site-${name}`;
    const hint = name === "notifyEmails" ? notifyHint(site) : (LISTS[name] ?? HINTS[name]);
    const props = {
      id,
      value: draft[name],
      "aria-invalid": errors[name] ? true : undefined,
      "aria-describedby": describedBy(id, errors[name], hint),
      onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
        set({ [name]: e.currentTarget.value }),
    };
    return (
      <Field id={id} label={label} error={errors[name]} hint={hint}>
        {name in LISTS ? (
          <textarea rows={3} {...props} />
        ) : (
          // Preact types each input type separately; these four take the same attributes.
          <input type={type as "text"} autoComplete="off" {...props} />
        )}
      </Field>
    );
  };
  const check = (name: "requireName" | "requireEmail", label: string) => (
    <label class="check">
      <input
        type="checkbox"
        checked={draft[name]}
        onChange={(e) => set({ [name]: e.currentTarget.checked })}
      />
      {label}
      {errors[name] && <span class="error">{errors[name]}</span>}
    </label>
  );

  return (
    <form
      class="site-form"
      onSubmit={submit}
      noValidate
      aria-label={site ? `Settings of ${site.name}` : "New site"}
    >
      {!site && text("id", "Site id (data-site)")}
      {text("name", "Name")}
      {text("origins", "Origins")}
      <Field id="site-moderation" label="Moderation" error={errors.moderation}>
        <select
          id="site-moderation"
          value={draft.moderation}
          onChange={(e) => set({ moderation: e.currentTarget.value as Draft["moderation"] })}
        >
          <option value="none">None: publish at once</option>
          <option value="links">Links: hold comments with links</option>
          <option value="first">First: hold an author's first comment</option>
          <option value="all">All: hold everything</option>
        </select>
      </Field>
      {check("requireName", "Require a name")}
      {check("requireEmail", "Require an email")}
      {NUMBERS.map(([name, label]) => text(name, label, "number"))}
      {text("reactions", "Reaction emoji")}
      {text("blockedWords", "Blocked words")}
      <Field
        id="site-blockedWordsAction"
        label="A comment with a blocked word is"
        error={errors.blockedWordsAction}
      >
        <select
          id="site-blockedWordsAction"
          value={draft.blockedWordsAction}
          onChange={(e) => set({ blockedWordsAction: e.currentTarget.value as Draft["blockedWordsAction"] })}
        >
          <option value="hold">held for moderation</option>
          <option value="reject">rejected</option>
        </select>
      </Field>
      {text("blockedSources", "Blocked sources")}
      {text("turnstileSiteKey", "Turnstile site key")}
      {text(
        "turnstileSecret",
        site ? "Turnstile secret (write-only; empty keeps it)" : "Turnstile secret",
        "password",
      )}
      {text("notifyEmails", "Notify emails")}
      {text("webhookUrl", "Webhook URL", "url")}
      {text(
        "webhookSecret",
        site ? "Webhook secret (write-only; empty keeps it)" : "Webhook secret",
        "password",
      )}
      <SiteAccess draft={draft} set={set} errors={errors} />
      {message && (
        <p class={message.error ? "error" : "note"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {site ? "Save settings" : "Create site"}
      </button>
    </form>
  );
}
