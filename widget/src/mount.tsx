import { render } from "preact";
import { App } from "./components/app.tsx";
import { skeleton } from "./components/skeleton.tsx";
import { english } from "./i18n/t.ts";
import { type ConfabOptions, pageKey, resolveOptions } from "./options.ts";
import { adoptStyles } from "./sheet.ts";
import { pageScheme } from "./theme.ts";

export interface ConfabInstance {
  /** Merges new options (say, after a single-page app navigated) and redraws; reloads if the page changed. */
  update(options: Partial<ConfabOptions>): void;
  /** Unmounts the discussion, cancels its requests and removes its listeners and observers. */
  destroy(): void;
}

/**
 * Draws a discussion inside `host`'s shadow root, so the page's CSS and ours cannot touch each
 * other. `defaultApi` is the worker that served the script, `assets` the folder embed.js is in.
 */
export function mount(
  host: Element,
  options: ConfabOptions,
  defaultApi: string,
  assets?: string,
): ConfabInstance {
  // A shadow root cannot be removed: mounting again after destroy() reuses it.
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  // The thread as the worker drew it (threads.html, a declarative shadow root with its own
  // styles) stays on screen, untouched, while the widget draws the same thread off screen; that
  // drawing takes its place once whole (App's onShown), as tall as it, so nothing moves.
  let into: ParentNode = root;
  let shown: (() => void) | undefined;
  if (root.querySelector("[data-confab-static]")) {
    const box = document.createElement("div");
    into = box;
    shown = () => {
      if (box.parentNode === root) return;
      adoptStyles(root);
      root.replaceChildren(box);
    };
  } else adoptStyles(root);
  let current = options;
  let visible = options.loading === "eager" || location.hash.startsWith("#comment-");
  let observer: IntersectionObserver | undefined;
  const draw = () => {
    const resolved = resolveOptions(current, defaultApi, assets);
    host.setAttribute(
      "data-theme",
      resolved.theme === "auto" ? (pageScheme(host.parentElement) ?? "auto") : resolved.theme,
    );
    render(
      visible ? <App key={pageKey(resolved)} options={resolved} onShown={shown} /> : skeleton(english),
      into,
    );
  };
  if (!visible && typeof IntersectionObserver === "function") {
    // Lazy: nothing is fetched until the reader is within a screen's height of the comments.
    observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer?.disconnect();
        visible = true;
        draw();
      },
      { rootMargin: "100% 0px" },
    );
    observer.observe(host);
  } else visible = true;
  draw();
  return {
    update(next) {
      current = { ...current, ...next };
      if (observer || visible) draw();
    },
    destroy() {
      observer?.disconnect();
      observer = undefined;
      visible = false;
      render(null, into);
      root.adoptedStyleSheets = [];
      host.removeAttribute("data-theme");
    },
  };
}
