import { useState } from "preact/hooks";
import { AdminApiError, type AdminToken, messageOf } from "../api.ts";
import { Confirm } from "../components/confirm.tsx";
import { ListStatus } from "../components/list-status.tsx";
import { type Minted, TokenMint } from "../components/token-mint.tsx";
import { TokenShown } from "../components/token-shown.tsx";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { useList } from "../use-list.ts";

/**
 * Moderator tokens (operator only): list, mint (the token is shown once) and revoke. A moderator
 * token gets 403 here, and a note instead.
 */
export function TokensView() {
  const { api } = useAdmin();
  const list = useList("tokens", () => api.tokens());
  // The new token lives here only: leaving the view (or "Done") forgets it.
  const [minted, setMinted] = useState<Minted | null>(null);

  if (list.failure instanceof AdminApiError && list.failure.status === 403) {
    return (
      <p class="note-box" role="note">
        Only the operator can manage tokens. Sign in with the operator's token (<code>ADMIN_TOKEN</code>) to
        create or revoke moderator tokens.
      </p>
    );
  }

  return (
    <>
      {minted ? (
        <TokenShown minted={minted} onDone={() => setMinted(null)} />
      ) : (
        <TokenMint
          onMinted={(m) => {
            setMinted(m);
            list.reload();
          }}
        />
      )}
      <h3>Moderator tokens</h3>
      <ListStatus list={list} empty="No moderator tokens yet: only the operator's token works." />
      {list.items && list.items.length > 0 && (
        <ul class="rows" aria-label="Tokens">
          {list.items.map((t) => (
            <TokenRow
              key={t.id}
              token={t}
              onRevoke={async () => {
                await api.revokeToken(t.id);
                list.setItems((all) => all.filter((x) => x.id !== t.id));
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function TokenRow({ token: t, onRevoke }: { token: AdminToken; onRevoke: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await onRevoke();
    } catch (e) {
      setError(messageOf(e));
      setAsking(false);
      setBusy(false);
    }
  };

  return (
    <li class="row" aria-label={`Token ${t.label}`}>
      <div class="content">
        <p class="who">
          <strong>{t.label}</strong>
          <span class="muted">
            id <code>{t.id}</code>
          </span>
        </p>
        <p class="where muted">
          <span>sites: {t.sites.join(", ")}</span>
          <span>
            created <time dateTime={t.createdAt}>{formatTime(t.createdAt)}</time>
          </span>
          <span>
            {t.lastUsedAt ? (
              <>
                last used <time dateTime={t.lastUsedAt}>{formatTime(t.lastUsedAt)}</time>
              </>
            ) : (
              "never used"
            )}
          </span>
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button
            type="button"
            class="danger"
            aria-label={`Revoke ${t.label}`}
            aria-expanded={asking}
            onClick={() => {
              setError(null);
              setAsking(true);
            }}
          >
            Revoke…
          </button>
        </div>
        {asking && (
          <Confirm
            question={`Revoke “${t.label}”? Whoever holds it loses access at once.`}
            yes="Yes, revoke"
            busy={busy}
            onYes={revoke}
            onNo={() => setAsking(false)}
          />
        )}
      </div>
    </li>
  );
}
