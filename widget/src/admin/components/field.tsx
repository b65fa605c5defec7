import type { ComponentChildren } from "preact";

interface Props {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: ComponentChildren;
}

/**
 * A label, one control and its error or hint. The control must carry `id` and
 * `aria-describedby={describedBy(id, error, hint)}` so a screen reader reads the message with it.
 */
export function Field({ id, label, error, hint, children }: Props) {
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>{label}</label>
      {children}
      {error ? (
        <span class="error" id={`${id}-msg`}>
          {error}
        </span>
      ) : (
        hint && (
          <span class="hint" id={`${id}-msg`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}

export const describedBy = (id: string, error?: string, hint?: string) =>
  error || hint ? `${id}-msg` : undefined;
