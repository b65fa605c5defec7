// Relative times ("3 days ago") for reading, the absolute date for the tooltip and <time>.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

export function formatTime(iso: string, lang: string, now = Date.now()): { text: string; title: string } {
  const date = new Date(iso);
  const seconds = (+date - now) / 1000;
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ["second", 1];
  return {
    text: new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(Math.round(seconds / size), unit),
    title: new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(date),
  };
}
