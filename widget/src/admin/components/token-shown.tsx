import { SecretCopy } from "./secret-copy.tsx";
import type { Minted } from "./token-mint.tsx";

/**
 * A just-minted token, in a read-only field to copy. It exists only in this component's state:
 * the worker keeps a hash, so once this is closed (or the view left) it cannot be shown again.
 */
export function TokenShown({ minted, onDone }: { minted: Minted; onDone: () => void }) {
  return (
    <section class="minted" aria-labelledby="minted-title">
      <h3 id="minted-title">Token for “{minted.label}”</h3>
      <p class="warning" id="minted-warning">
        <strong>Shown once.</strong> Copy it now and give it to its holder: Confab keeps only a hash of it, so
        it cannot be shown again. If it is lost, revoke it and create another.
      </p>
      <SecretCopy id="minted-token" label="New token" value={minted.token} describedBy="minted-warning" />
      <button type="button" onClick={onDone}>
        Done, I copied it
      </button>
    </section>
  );
}
