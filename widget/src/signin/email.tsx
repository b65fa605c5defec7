import { useEffect, useRef, useState } from "preact/hooks";
import { LIMITS } from "../../../shared/limits.ts";
import type { SignInResponse } from "../../../shared/types.ts";
import type { Translate } from "../i18n/t.ts";
import { sendCode, verifyCode } from "./api.ts";
import { failure } from "./failure.ts";

interface Props {
  t: Translate;
  api: string;
  site: string;
  onSignedIn(res: SignInResponse): void;
  /** Says a step's outcome in the panel's live region. */
  say(message: string, error?: boolean): void;
}

/** Email, then the code mailed to it: two small forms, one at a time. */
export function EmailSignIn({ t, api, site, onSignedIn, say }: Props) {
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Each step puts the reader where they type next (not on the panel's first opening: the
    // panel itself chooses that).
    if (first.current) first.current = false;
    else (sent ? codeInput : emailInput).current?.focus();
  }, [sent]);

  const step = (event: Event, run: () => Promise<void>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    run()
      .catch((err) => say(failure(t, err), true))
      .finally(() => setBusy(false));
  };
  const send = (event: Event) =>
    step(event, async () => {
      // The link in the mail brings the reader back here (without any fragment of ours).
      await sendCode(api, site, email.trim(), location.href.split("#")[0] as string);
      setCode("");
      setSent(true);
      say(t("codeSent", { email: email.trim() }));
    });
  const verify = (event: Event) =>
    step(event, async () => onSignedIn(await verifyCode(api, site, email.trim(), code.trim())));

  return sent ? (
    <form class="signin-step" aria-label={t("codeForm")} onSubmit={verify}>
      <p class="hint wide">{t("codeSent", { email: email.trim() })}</p>
      <label>
        <span>{t("codeLabel")}</span>
        <input
          ref={codeInput}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <div class="actions">
        <button type="button" class="link" onClick={() => setSent(false)}>
          {t("otherEmail")}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t("verifyCode")}
        </button>
      </div>
    </form>
  ) : (
    <form class="signin-step" aria-label={t("emailForm")} onSubmit={send}>
      <label>
        <span>{t("emailLabel")}</span>
        <input
          ref={emailInput}
          type="email"
          name="email"
          autoComplete="email"
          maxLength={LIMITS.emailMax}
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("sendingCode") : t("sendCode")}
        </button>
      </div>
    </form>
  );
}
