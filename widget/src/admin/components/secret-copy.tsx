import { useEffect, useRef, useState } from "preact/hooks";

interface Props {
  id: string;
  /** The field's (visually hidden) label, e.g. "New token". */
  label: string;
  value: string;
  /** The id of the warning that says it is shown once. */
  describedBy: string;
}

/** A secret shown once, selected in a read-only field, with a Copy button. */
export function SecretCopy({ id, label, value, describedBy }: Props) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied("Copied.");
    } catch {
      setCopied("Could not copy: it is selected, press Ctrl+C (⌘C).");
    }
  };

  return (
    <>
      <div class="copy">
        <label for={id} class="sr-only">
          {label}
        </label>
        <input
          id={id}
          ref={field}
          readOnly
          value={value}
          spellcheck={false}
          autoComplete="off"
          aria-describedby={describedBy}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      {copied && (
        <p class="note" role="status">
          {copied}
        </p>
      )}
    </>
  );
}
