import { createContext } from "preact";
import type { enLive } from "../live/en.ts";
import type { enSignIn } from "../signin/en.ts";
import type { enWrite } from "../write/en.ts";
import { en } from "./en.ts";

type English = typeof en & typeof enWrite & typeof enSignIn & typeof enLive;
export type StringKey = keyof English;
/** Plural forms by `Intl.PluralRules` category; `zero` also stands for the number 0 itself. */
export type Plural = { [K in Intl.LDMLPluralRule]?: string } & { other: string };
/** A complete table in one language: every key of the English one, same shapes. */
export type Strings = { [K in StringKey]: English[K] extends string ? string : Plural };
/** What a language file holds: its strings plus the Markdown help, one line per construct. */
export type Table = Strings & { markdownHelp: string };

export interface Translate {
  (key: StringKey, vars?: Record<string, string | number>): string;
  lang: string;
  dir: "ltr" | "rtl";
}

/** English strings of files loaded on demand (write.js adds the forms' strings here). */
export const moreEnglish: Partial<Strings> = {};

/** A translate function for `lang`: its table's strings, English for anything missing. */
export function makeT(lang: string, table: Partial<Strings> = {}): Translate {
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const t = ((key, vars = {}) => {
    const entry: string | Plural = table[key] ?? (en as Partial<Strings>)[key] ?? moreEnglish[key] ?? key;
    const n = Number(vars.n);
    const text =
      typeof entry === "string" ? entry : (n === 0 && entry.zero) || entry[plurals.select(n)] || entry.other;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = vars[name] ?? "";
      return typeof value === "number" ? numbers.format(value) : value;
    });
  }) as Translate;
  t.lang = lang;
  t.dir = lang === "ar" ? "rtl" : "ltr";
  return t;
}

export const english = makeT("en");

/** The instance's language; each embedded discussion may have its own. */
export const I18n = createContext(english);
