import type { PostingRule } from "../../../../shared/types.ts";
import { BUILT_IN_METHODS, type BuiltInMethod, type Draft } from "../site-draft.ts";
import { describedBy, Field } from "./field.tsx";

interface Props {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errors: Record<string, string>;
}

const POSTING: [PostingRule, string][] = [
  ["anyone", "Anyone: signing in is optional"],
  ["verified", "Signed-in readers only"],
  ["verified-or-held", "Anyone, but anonymous comments are held for moderation"],
];

const METHOD_LABELS: Record<BuiltInMethod, string> = {
  email: "Email code",
  passkey: "Passkey",
  github: "GitHub",
  google: "Google",
};

const RESERVED_HINT =
  "One per line. Only readers marked as staff (Readers view) may post under these names; matched ignoring case and look-alike letters.";
const OIDC_HINT = "One per line: the names of OIDC_PROVIDERS entries, e.g. “gitlab”.";
const METHODS_HINT = "Offered only when the deployment is configured for them (docs/identity.md).";

/** Who may post, which names are reserved for staff, and how readers may sign in. */
export function SiteAccess({ draft, set, errors }: Props) {
  const toggle = (method: BuiltInMethod, on: boolean) =>
    set({ signIn: on ? [...draft.signIn, method] : draft.signIn.filter((m) => m !== method) });
  const area = (name: "reservedNames" | "oidc", label: string, hint: string) => {
    const id = `site-${name}`;
    return (
      <Field id={id} label={label} error={errors[name]} hint={hint}>
        <textarea
          id={id}
          rows={3}
          value={draft[name]}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={describedBy(id, errors[name], hint)}
          onInput={(e) => set({ [name]: e.currentTarget.value })}
        />
      </Field>
    );
  };

  return (
    <>
      <Field id="site-posting" label="Who may post" error={errors.posting}>
        <select
          id="site-posting"
          value={draft.posting}
          onChange={(e) => set({ posting: e.currentTarget.value as PostingRule })}
        >
          {POSTING.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {area("reservedNames", "Reserved names", RESERVED_HINT)}
      <fieldset
        class={`sign-in-methods${errors.signIn ? " invalid" : ""}`}
        aria-describedby="site-signIn-msg"
      >
        <legend>Sign-in methods</legend>
        {BUILT_IN_METHODS.map((method) => (
          <label key={method} class="check">
            <input
              type="checkbox"
              checked={draft.signIn.includes(method)}
              onChange={(e) => toggle(method, e.currentTarget.checked)}
            />
            {METHOD_LABELS[method]}
          </label>
        ))}
        <span class={errors.signIn ? "error" : "hint"} id="site-signIn-msg">
          {errors.signIn ?? METHODS_HINT}
        </span>
      </fieldset>
      {area("oidc", "OIDC providers", OIDC_HINT)}
    </>
  );
}
