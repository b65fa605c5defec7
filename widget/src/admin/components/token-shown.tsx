import { useEffect, useRef, useState } from "preact/hooks";
import type { Minted } from "./token-mint.tsx";

/**
 * A just-minted token, in a read-only field to copy. It exists only in this component's state:
 * the worker keeps a hash, so once this is closed (or the view left) it cannot be shown again.
 */
export function TokenShown({ minted, onDone }: { minted: Minted; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(minted.token);
      setCopied("Copied.");
    } catch {
      setCopied("Could not copy: it is selected, press Ctrl+C (⌘C).");
    }
  };

  return (
    <section class="minted" aria-labelledby="minted-title">
      <h3 id="minted-title">Token for “{minted.label}”</h3>
      <p class="warning" id="minted-warning">
        <strong>Shown once.</strong> Copy it now and give it to its holder: Confab keeps only a hash of it, so
        it cannot be shown again. If it is lost, revoke it and create another.
      </p>
      <div class="copy">
        <label for="minted-token" class="sr-only">
          New token
        </label>
        <input
          id="minted-token"
          ref={field}
          readOnly
          value={minted.token}
          spellcheck={false}
          autoComplete="off"
          aria-describedby="minted-warning"
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
      <button type="button" onClick={onDone}>
        Done, I copied it
      </button>
    </section>
  );
}
