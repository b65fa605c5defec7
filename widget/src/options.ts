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
  /** The site's signed sign-in payload for its logged-in user (docs/identity.md, SSO). */
  sso?: string | null;
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
  sso?: string | null;
}

const THEMES: readonly string[] = ["light", "dark", "auto"];
/** The orders the API knows, as the thread's sort menu offers them. */
export const SORTS = ["oldest", "newest", "top"] as const;

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
    theme: THEMES.includes(o.theme as string) ? (o.theme as Theme) : "auto",
    sort: (SORTS as readonly string[]).includes(o.sort as string) ? (o.sort as SortOrder) : null,
    lang: pickLang([o.lang, document.documentElement.lang, ...(navigator.languages ?? [])]),
    assets,
    sso: o.sso,
  };
}

/** The options written on the embed's own `<script>` tag. */
export function optionsFromScript(script: HTMLScriptElement): ConfabOptions {
  // data-page-id is `pageId` in the dataset. Values are checked where they are used
  // (resolveOptions); other attributes, such as data-target, are simply not read there.
  return { ...script.dataset, site: script.dataset.site ?? "" };
}

/** The page key the browser files drafts and held comments under (not the server's: close enough). */
export const pageKey = (o: ResolvedOptions): string =>
  o.pageId ? `id:${o.pageId}` : (o.url.split("#")[0] ?? "");
