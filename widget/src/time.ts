import { lang } from "./i18n/t.ts";

const short = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
const full = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "long" });

/** A comment's time as readers see it ("Apr 1, 2011, 6:12 AM") and in full for the tooltip. */
export function formatTime(iso: string): { text: string; title: string } {
  const date = new Date(iso);
  return { text: short.format(date), title: full.format(date) };
}
