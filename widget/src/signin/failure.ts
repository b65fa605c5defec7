import { useState } from "preact/hooks";
import type { Translate } from "../i18n/t.ts";
import { errorText } from "./deps.ts";
import { cancelled, fromBrowser } from "./passkey.ts";

/** What a failed sign-in step says: the API's error, the browser's passkey dialog, or the network. */
export function failure(t: Translate, err: unknown): string {
  if (fromBrowser(err) || cancelled(err)) return t(cancelled(err) ? "passkeyCancelled" : "signInFailed");
  return errorText(t, err);
}

/** One step at a time: busy while `run` goes, and its failure's text (cleared when the next starts). */
export function useAction(t: Translate) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const act = (run: () => Promise<void>) => {
    setBusy(true);
    setError("");
    run()
      .catch((err) => setError(failure(t, err)))
      .finally(() => setBusy(false));
  };
  return { busy, error, act };
}
