import type { Translate } from "../i18n/t.ts";
import { errorText } from "./deps.ts";
import { cancelled, fromBrowser } from "./passkey.ts";

/** What a failed sign-in step says: the API's error, the browser's passkey dialog, or the network. */
export function failure(t: Translate, err: unknown): string {
  if (fromBrowser(err) || cancelled(err)) return t(cancelled(err) ? "passkeyCancelled" : "signInFailed");
  return errorText(t, err);
}
