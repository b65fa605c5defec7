// Embed options (design/api.md, "Embed snippet and options") and their defaults.
import type { SortOrder } from "../../shared/types.ts";
import { pickLang } from "./i18n/load.ts";

export type Theme = "light" | "dark" | "auto";

/** What a site owner passes, as `data-*` attributes or to `Confab.mount()`. */
export interface ConfabOptions {
  site: string;
  url?: string | null;
  pageId?: string | null;
  title?: string | null;
  api?: string | null;
  theme?: Theme | null;
  sort?: SortOrder | null;
  lang?: string | null;
  /** `eager` loads at once; by default the thread loads when it comes near the viewport. */
  loading?: "eager" | "lazy" | null;
}

/** Options with every default filled in, as the app uses them. */
export interface ResolvedOptions {
  site: string;
  url: string;
  pageId: string | null;
  title: string;
  api: string;
  theme: Theme;
  sort: SortOrder | null;
  lang: string;
  /** Where embed.js came from: the on-demand files (other languages, help) are next to it. */
  assets: string;
}

const THEMES: readonly string[] = ["light", "dark", "auto"];
const SORTS: readonly string[] = ["oldest", "newest", "top"];

/**
 * Fills in the defaults. They are read at call time, not once, so a single-page app that calls
 * `update()` after navigating gets the new page's canonical URL and title.
 */
export function resolveOptions(
  o: ConfabOptions,
  defaultApi: string,
  assets = `${defaultApi}/`,
): ResolvedOptions {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  return {
    site: o.site,
    url: o.url || canonical || location.href,
    pageId: o.pageId || null,
    title: o.title ?? document.title,
    api: (o.api || defaultApi).replace(/\/+$/, ""),
    theme: THEMES.includes(o.theme ?? "") ? (o.theme as Theme) : "auto",
    sort: SORTS.includes(o.sort ?? "") ? (o.sort as SortOrder) : null,
    lang: pickLang([o.lang, document.documentElement.lang, ...(navigator.languages ?? [])]),
    assets,
  };
}

/** The options written on the embed's own `<script>` tag. */
export function optionsFromScript(script: HTMLScriptElement): ConfabOptions {
  const d = script.dataset;
  return {
    site: d.site ?? "",
    url: d.url,
    pageId: d.pageId,
    title: d.title,
    api: d.api,
    theme: d.theme as Theme | undefined,
    sort: d.sort as SortOrder | undefined,
    lang: d.lang,
    loading: d.loading as "eager" | undefined,
  };
}

/** The page key the browser files drafts and held comments under (not the server's: close enough). */
export const pageKey = (o: ResolvedOptions): string =>
  o.pageId ? `id:${o.pageId}` : (o.url.split("#")[0] ?? "");
