// Cloudflare's Turnstile client, for sites that set a Turnstile key. It lives in write.js, not in
// embed.js: only a page where someone may post needs it, and embed.js has no room to spare.
// Cloudflare asks that api.js be loaded from its own URL (no copies), as a classic script.

export const TURNSTILE_SRC = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

export interface TurnstileOptions {
  sitekey: string;
  theme: "light" | "dark" | "auto";
  callback(token: string): void;
  "error-callback"(code?: string): boolean | undefined;
  "expired-callback"(): void;
}

/** The part of `window.turnstile` the form uses. */
export interface TurnstileApi {
  render(container: HTMLElement, options: TurnstileOptions): string | null | undefined;
  reset(widgetId: string): void;
  remove(widgetId: string): void;
}

export const turnstileApi = () => (window as Window & { turnstile?: TurnstileApi }).turnstile;

let loading: Promise<TurnstileApi> | undefined;

/** Loads api.js once per page, however many forms and instances ask; reuses the page's own copy. */
export function loadTurnstile(): Promise<TurnstileApi> {
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const ready = turnstileApi();
    if (ready) return resolve(ready);
    // Another Confab (a second worker's write.js) or the page may have added the tag already.
    const found = document.querySelector<HTMLScriptElement>(`script[src="${TURNSTILE_SRC}"]`);
    const script = found ?? document.createElement("script");
    const fail = () => {
      // A later form may try again (a flaky network), with a fresh tag.
      loading = undefined;
      if (!found) script.remove();
      reject(new Error("Confab: Turnstile did not load"));
    };
    script.addEventListener("load", () => {
      const api = turnstileApi();
      if (api) resolve(api);
      else fail();
    });
    script.addEventListener("error", fail);
    if (found) return;
    script.src = TURNSTILE_SRC;
    document.head.append(script);
  });
  return loading;
}
