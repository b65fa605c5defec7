import { useContext } from "preact/hooks";
import type { StringKey } from "../i18n/t.ts";
import { I18n } from "./deps.ts";
import { errorText } from "./errors.ts";

/**
 * Why a read failed, in full (the API's code, in the reader's language, ./errors.ts). In
 * write.js, with the error strings: embed.js says only `lead` until it has run.
 */
export function Failure({ err, lead }: { err: unknown; lead?: StringKey }) {
  return <>{errorText(useContext(I18n), err, {}, lead)}</>;
}
