import { en } from "./en.ts";

export type StringKey = keyof typeof en;
type Plural = { zero?: string; one: string; other: string };

/** The language the table is written in; dates and numbers are formatted in it too. */
export const lang = "en";

const plurals = new Intl.PluralRules(lang);
const numbers = new Intl.NumberFormat(lang);

/** The string for `key` with `{var}` placeholders filled; plural entries are chosen by `vars.n`. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const entry: string | Plural = en[key];
  const n = Number(vars.n);
  const text =
    typeof entry === "string"
      ? entry
      : (n === 0 && entry.zero) || (plurals.select(n) === "one" ? entry.one : entry.other);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name] ?? "";
    return typeof value === "number" ? numbers.format(value) : value;
  });
}
