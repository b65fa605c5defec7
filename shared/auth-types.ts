// Answers of the passkey endpoints and the OAuth popup's message (docs/api.md), shared by the
// worker and the widget's sign-in chunk. The WebAuthn option and response shapes themselves are
// @simplewebauthn's (`PublicKeyCredentialCreationOptionsJSON` and friends).
import type { ErrorCode, SignInResponse } from "./types.ts";

/** `…/register/options` and `…/login/options`: the handle to send back, and the browser's options. */
export interface PasskeyCeremony<Options> {
  ceremony: string;
  options: Options;
}

/** `…/register/verify`, 201. */
export interface PasskeyAdded {
  passkey: { id: string; createdAt: string };
}

/** What the OAuth callback page posts to the widget's window (only to the origin the sign-in started from). */
export type OAuthPopupMessage =
  | ({ type: "confab:signin" } & SignInResponse)
  | { type: "confab:signin-error"; code: ErrorCode };
