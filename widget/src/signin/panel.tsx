import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { SignInResponse } from "../../../shared/types.ts";
import { oauthStart } from "./api.ts";
import { I18n, setSession, ThreadContext } from "./deps.ts";
import { EmailSignIn } from "./email.tsx";
import { failure } from "./failure.ts";
import { passkeySignIn } from "./passkey.ts";
import { adopt } from "./styles.ts";
import { withEnglish } from "./t.ts";

let ids = 0;

/**
 * The sign-in panel, opened from a comment form: the site's methods (email code, passkey,
 * providers). A non-modal dialog: focus moves in when it opens, Escape or Close hands it back.
 */
export function SignInPanel({ onClose }: { onClose(signedIn: boolean): void }) {
  const t = withEnglish(useContext(I18n));
  const thread = useContext(ThreadContext);
  const { api, options, site } = thread;
  const [status, setStatus] = useState({ message: "", error: false });
  const box = useRef<HTMLDivElement>(null);
  const popup = useRef<Window | null>(null);
  const id = useMemo(() => `confab-signin-${++ids}`, []);
  const methods = site.signIn ?? [];
  const say = (message: string, error = false) => setStatus({ message, error });

  const done = (res: SignInResponse) => {
    setSession(api, options.site, { token: res.token, expiresAt: res.expiresAt, identity: res.identity });
    thread.announce(t("signedInAs", { name: res.identity.name || (res.identity.email ?? "") }));
    onClose(true);
  };

  useEffect(() => {
    box.current?.querySelector<HTMLElement>("input, button")?.focus();
    // The provider's callback page posts the answer back to this page (docs/api.md): only a
    // message from the API's origin, from the window this panel opened, counts.
    const origin = new URL(api).origin;
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: string; code?: string } & SignInResponse;
      if (e.origin !== origin || e.source !== popup.current || !data) return;
      if (data.type === "confab:signin") done(data);
      else if (data.type === "confab:signin-error")
        say(failure(t, { code: data.code, fields: {}, message: t("signInFailed") }), true);
    };
    addEventListener("message", onMessage);
    return () => removeEventListener("message", onMessage);
  }, []);

  const provider = (method: string) => {
    popup.current = open(
      oauthStart(api, options.site, method),
      "confab-signin",
      "popup,width=520,height=680",
    );
    say(t(popup.current ? "popupWaiting" : "popupBlocked"), !popup.current);
  };
  const passkey = () => {
    say("");
    passkeySignIn(api, options.site).then(done, (err) => say(failure(t, err), true));
  };

  return (
    <div
      ref={(el) => {
        box.current = el;
        adopt(el);
      }}
      class="signin"
      role="dialog"
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose(false);
        }
      }}
    >
      <h3 id={id}>{t("signInTitle")}</h3>
      <p class="hint">{t("signInIntro")}</p>
      {methods.some((m) => m.method === "email") && (
        <EmailSignIn t={t} api={api} site={options.site} onSignedIn={done} say={say} />
      )}
      <div class="methods">
        {methods.map(({ method, label }) =>
          method === "email" ? null : method === "passkey" ? (
            browserSupportsWebAuthn() && (
              <button key={method} type="button" onClick={passkey}>
                {t("passkeySignIn")}
              </button>
            )
          ) : (
            <button key={method} type="button" onClick={() => provider(method)}>
              {t("continueWith", { label })}
            </button>
          ),
        )}
      </div>
      <p class="hint" role="status">
        {!status.error && status.message}
      </p>
      {status.error && (
        <p class="error" role="alert">
          {status.message}
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={() => onClose(false)}>
          {t("close")}
        </button>
      </div>
    </div>
  );
}
