import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useContext, useState } from "preact/hooks";
import { avatar } from "../components/avatar.tsx";
import type { StringKey } from "../i18n/t.ts";
import { signOut } from "./api.ts";
import { I18n, setSession, ThreadContext, useSession } from "./deps.ts";
import { useAction } from "./failure.ts";
import { addPasskey } from "./passkey.ts";
import { PasskeyList } from "./passkey-list.tsx";
import { adopt } from "./styles.ts";
import { withEnglish } from "./t.ts";

/**
 * The signed-in reader in the comment form, in place of the name and email fields: who they are
 * and how that was verified, adding a passkey (for the next device), listing and removing them, and
 * signing out.
 */
export function Account(_: object) {
  const t = withEnglish(useContext(I18n));
  const thread = useContext(ThreadContext);
  const { api, options, site } = thread;
  const session = useSession(api, options.site);
  const { busy, error, act } = useAction(t);
  const [added, setAdded] = useState(0);
  if (!session) return null;
  const { identity, token } = session;
  // Listing and removing needs no WebAuthn in this browser: only adding does.
  const offered = (site.signIn ?? []).some((m) => m.method === "passkey");
  const passkeys = offered && browserSupportsWebAuthn();

  const add = () =>
    act(async () => {
      await addPasskey(api, options.site, token);
      setAdded(added + 1);
      thread.announce(t("passkeyAdded"));
    });
  const out = () =>
    act(async () => {
      // A token the server no longer knows is as good as signed out.
      await signOut(api, token).catch((err) => {
        if ((err as { code?: string }).code !== "unauthorized") throw err;
      });
      setSession(api, options.site, null);
      thread.announce(t("signedOut"));
    });

  return (
    <fieldset ref={adopt} class="account">
      <legend class="sr">{t("account")}</legend>
      {avatar(identity.avatar)}
      <span class="who">
        <span class="name">{identity.name || identity.email}</span>{" "}
        <span class="hint">({t(`via.${identity.verified}` as StringKey)})</span>
      </span>
      <span class="account-actions">
        {passkeys && (
          <button type="button" class="link" disabled={busy} onClick={add}>
            {t("addPasskey")}
          </button>
        )}
        <button type="button" class="link" disabled={busy} onClick={out}>
          {t("signOut")}
        </button>
      </span>
      {offered && <PasskeyList token={token} added={added} />}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
