// Languages other than English, the Markdown help and the forms are separate files next to
// embed.js (`i18n/<lang>.js`, `write.js`, built by vite.config.ts). They are classic scripts, not
// fetched JSON or ES modules: a script from another origin needs no CORS, and a page with a strict
// CSP already allows scripts from the origin that serves embed.js. Each file finds what it is
// given in `document.currentScript.confab` and leaves its result in `.out`: no global name is used.
import type { Table } from "./t.ts";

export const LANGS = ["en", "de", "fr", "es", "pt", "ru", "zh-CN", "ja", "ar"];

/** The first supported language among `candidates` (data-lang, <html lang>, the browser's), else en. */
export function pickLang(candidates: readonly (string | null | undefined)[]): string {
  for (const raw of candidates) {
    // By the first subtag, which no two of LANGS share (and all write in lower case): zh, zh-Hans
    // and zh-SG all read Simplified Chinese; pt-BR reads pt. An empty one ("") matches nothing.
    const wanted = (raw ?? "").toLowerCase().split("-")[0];
    const hit = LANGS.find((l) => l.split("-")[0] === wanted);
    if (hit) return hit;
  }
  return "en";
}

const loaded = new Map<string, Promise<unknown>>();

/** Runs the script at `src` once per page, handing it `input`; resolves with what it left. */
export function loadScript<T>(src: string, input: object = {}): Promise<T> {
  let result = loaded.get(src);
  if (!result) {
    result = new Promise((resolve, reject) => {
      const script = document.createElement("script") as HTMLScriptElement & { confab: { out?: T } };
      script.src = src;
      script.confab = input;
      script.onload = script.onerror = () => {
        script.remove();
        const out = script.confab.out;
        if (out) resolve(out);
        else {
          loaded.delete(src); // A later attempt may succeed (flaky network).
          reject(new Error(`Confab: ${src} did not load`));
        }
      };
      document.head.append(script);
    });
    loaded.set(src, result);
  }
  return result as Promise<T>;
}

export const loadTable = (base: string, lang: string): Promise<Partial<Table>> =>
  loadScript(`${base}i18n/${lang}.js`);
