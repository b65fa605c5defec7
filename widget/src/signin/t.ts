import type { StringKey, Translate } from "../i18n/t.ts";
import { enSignIn } from "./en.ts";

/**
 * The instance's translate function, with this chunk's English behind it: a language table holds
 * these strings, but embed.js's English one does not (they come with this file).
 */
export function withEnglish(t: Translate): Translate {
  const english = enSignIn as Record<string, string>;
  const out = ((key: StringKey, vars: Record<string, string | number> = {}) => {
    const text = t(key, vars);
    if (text !== key || !(key in english)) return text;
    return (english[key] as string).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
  }) as Translate;
  out.lang = t.lang;
  out.dir = t.dir;
  return out;
}
