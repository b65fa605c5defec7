import { useContext, useEffect, useState } from "preact/hooks";
import type { PasskeyInfo } from "../../../shared/auth-types.ts";
import { formatTime } from "../time.ts";
import { listPasskeys, removePasskey } from "./api.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { useAction } from "./failure.ts";
import { withEnglish } from "./t.ts";

interface Props {
  token: string;
  /** Raised by the account bar when a passkey was added, so an open list shows it. */
  added: number;
}

/**
 * "Your passkeys": the signed-in identity's passkeys, each with Remove. A token that leaked could
 * have added one; here the reader sees it and takes it away (docs/security.md).
 */
export function PasskeyList({ token, added }: Props) {
  const t = withEnglish(useContext(I18n));
  const thread = useContext(ThreadContext);
  const [keys, setKeys] = useState<PasskeyInfo[] | null>(null);
  const { busy, error, act } = useAction(t);
  const load = () =>
    act(async () => {
      setKeys((await listPasskeys(thread.api, token)).passkeys);
    });
  // A passkey added while the list is open: list again.
  useEffect(() => {
    if (keys) load();
  }, [added]);
  const remove = (id: string) =>
    act(async () => {
      try {
        await removePasskey(thread.api, token, id);
      } catch (err) {
        // Gone already (removed on another device, or by a moderator): show what is left.
        if ((err as { code?: string }).code !== "not_found") throw err;
        setKeys((await listPasskeys(thread.api, token)).passkeys);
        return;
      }
      setKeys((keys ?? []).filter((k) => k.id !== id));
      thread.announce(t("passkeyRemoved"));
    });
  const when = (iso: string) => formatTime(iso, t.lang).text;

  return (
    <>
      <button
        type="button"
        class="link"
        aria-expanded={keys !== null}
        disabled={busy}
        onClick={() => (keys ? setKeys(null) : load())}
      >
        {t("passkeysOpen")}
      </button>
      {keys && (
        <ul class="passkeys" aria-label={t("passkeysOpen")}>
          {keys.length === 0 && <li>{t("noPasskeys")}</li>}
          {keys.map((k) => (
            <li key={k.id}>
              <span>
                {k.lastUsedAt
                  ? t("passkeyUsed", { added: when(k.createdAt), used: when(k.lastUsedAt) })
                  : t("passkeyUnused", { added: when(k.createdAt) })}
              </span>
              <button
                type="button"
                class="link"
                disabled={busy}
                aria-label={t("removePasskeyLabel", { added: when(k.createdAt) })}
                onClick={() => remove(k.id)}
              >
                {t("removePasskey")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
