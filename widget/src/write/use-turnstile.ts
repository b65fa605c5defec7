import { useEffect, useRef, useState } from "preact/hooks";
import type { StringKey } from "../i18n/t.ts";
import { loadTurnstile, turnstileApi } from "./turnstile.ts";

/** The widget's theme, which the host element carries (mount.tsx), for the challenge to match. */
function themeOf(el: HTMLElement): "light" | "dark" | "auto" {
  const host = (el.getRootNode() as Partial<ShadowRoot>).host;
  const theme = host?.getAttribute("data-theme");
  return theme === "light" || theme === "dark" ? theme : "auto";
}

/**
 * The Turnstile challenge of one form, when the site has a key: `box` is where it is drawn,
 * `token` the current answer (null until solved, after it expired, and after each use),
 * `error` what to tell the reader. Nothing happens without a key.
 */
export function useTurnstile(siteKey: string | null) {
  const box = useRef<HTMLDivElement>(null);
  const widget = useRef<string | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<StringKey | null>(null);

  useEffect(() => {
    if (!siteKey) return;
    let gone = false;
    loadTurnstile().then(
      (turnstile) => {
        if (gone || !box.current) return;
        widget.current =
          turnstile.render(box.current, {
            sitekey: siteKey,
            theme: themeOf(box.current),
            callback: (answer) => {
              setToken(answer);
              setError(null);
            },
            // Turnstile retries by itself; true says the error is handled (no console warning).
            "error-callback": () => {
              setToken(null);
              setError("challengeFailed");
              return true;
            },
            // Turnstile fetches a new token by itself; the old one would be refused.
            "expired-callback": () => setToken(null),
          }) ?? null;
      },
      () => {
        if (!gone) setError("challengeUnavailable");
      },
    );
    return () => {
      gone = true;
      if (widget.current) turnstileApi()?.remove(widget.current);
      widget.current = null;
    };
  }, [siteKey]);

  /** After a submission: the token is spent (siteverify accepts each once), so ask for a new one. */
  const reset = () => {
    setToken(null);
    if (widget.current) turnstileApi()?.reset(widget.current);
  };

  return { box, token, error, reset };
}
