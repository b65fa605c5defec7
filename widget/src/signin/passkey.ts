// Passkey ceremonies through @simplewebauthn/browser: options from the worker, the browser's own
// dialog, the signed answer back to the worker.
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import type { SignInResponse } from "../../../shared/types.ts";
import { passkeyLogin, passkeyLoginOptions, passkeyRegister, passkeyRegisterOptions } from "./api.ts";

/** A discoverable-credential sign-in: the reader picks a passkey, no name or email asked. */
export async function passkeySignIn(api: string, site: string): Promise<SignInResponse> {
  const { ceremony, options } = await passkeyLoginOptions(api, site);
  return passkeyLogin(api, site, ceremony, await startAuthentication({ optionsJSON: options }));
}

/** Adds a passkey to the signed-in identity. */
export async function addPasskey(api: string, site: string, token: string): Promise<void> {
  const { ceremony, options } = await passkeyRegisterOptions(api, site, token);
  await passkeyRegister(api, site, token, ceremony, await startRegistration({ optionsJSON: options }));
}

/** A passkey error of the browser's own (WebAuthnError), not an answer of the API. */
export const fromBrowser = (err: unknown): boolean =>
  String((err as { code?: unknown }).code).startsWith("ERROR_");

/** The reader cancelled the browser's dialog, or it timed out, or no passkey fits. */
export const cancelled = (err: unknown): boolean =>
  ["NotAllowedError", "AbortError"].includes((err as Error).name);
