// What a failed call says to the reader, in their language. The API's answer carries a stable
// code (and for validation_failed a code per field, docs/api.md): each has a string `err.<code>`
// (`err.<field>.<problem>`) in the tables and in ./en.ts. A code the widget has no string for
// shows the server's own message. In write.js (and lent to signin.js): embed.js says only that a
// read failed until write.js has run (components/lazy.tsx, failure).
import type { ApiError } from "../api.ts";
import type { StringKey, Translate } from "../i18n/t.ts";
import { formatTime } from "./deps.ts";

type Vars = Record<string, string | number>;

/**
 * The text for `err` (anything a call threw), after the string `lead` when given ("Comments could
 * not be loaded."); `vars` fill the strings' placeholders.
 */
export function errorText(t: Translate, err: unknown, vars: Vars = {}, lead?: StringKey): string {
  const { code, fields, message, retryAfter = 0 } = err as Partial<ApiError>;
  const keys = !code
    ? // No API answer at all: the network, or a proxy's page that is not the API's JSON.
      ["networkError"]
    : code === "validation_failed"
      ? Object.entries(fields ?? {}).map(([field, problem]) => `err.${field}.${problem}`)
      : // A 415 says the same as unreadable JSON: one string for both.
        [
          `err.${code === "unsupported_media_type" ? "invalid_json" : code}${code === "rate_limited" && retryAfter > 0 ? ".when" : ""}`,
        ];
  // "in 42 seconds", "dans 2 minutes", "42 秒後": Intl words the wait in the reader's language.
  const when = formatTime(new Date(Date.now() + retryAfter * 1000).toISOString(), t.lang).text;
  // t() gives back a key that no table has: those fall out here.
  const known = keys.map((key) => t(key as StringKey, { ...vars, when })).filter((s, i) => s !== keys[i]);
  // Sentences are set apart by a space, except after a Chinese or Japanese full stop.
  return [lead ? t(lead) : "", ...(known.length ? known : [message])]
    .join(" ")
    .trim()
    .replace(/(?<=。) /g, "");
}
