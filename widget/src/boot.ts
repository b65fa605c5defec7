import { type ConfabInstance, mount } from "./mount.tsx";
import { type ConfabOptions, optionsFromScript } from "./options.ts";

declare global {
  interface Window {
    Confab?: { mount(element: Element, options: ConfabOptions): ConfabInstance };
  }
}

/**
 * Starts Confab from its `<script>` tag: defines `window.Confab` and, when the tag names a site,
 * mounts a discussion into `data-target` (or a new container right after the tag).
 */
export function boot(script: HTMLScriptElement | null): void {
  performance.mark("confab:start"); // bench/browser.ts times the first comment from here
  // The API lives where the script came from, unless the tag says otherwise; the files that load
  // on demand (languages, help) sit next to the script.
  const src = new URL(script?.src || "/", location.href);
  const api = src.origin;
  const assets = new URL(".", src).href;
  window.Confab = { mount: (element, options) => mount(element, options, api, assets) };
  if (!script) return;
  const options = optionsFromScript(script);
  if (!options.site) {
    console.error("Confab: the script tag needs a data-site attribute.");
    return;
  }
  const start = () => {
    let target: Element | null = null;
    try {
      target = document.querySelector(script.dataset.target || "#comments");
    } catch {
      // An invalid selector is treated like a missing element.
    }
    if (!target) {
      target = document.createElement("div");
      script.after(target);
    }
    mount(target, options, api, assets);
  };
  // An async script can run before the parser reaches the target element further down the page.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
