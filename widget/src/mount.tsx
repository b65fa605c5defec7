import { render } from "preact";
import { App } from "./components/app.tsx";
import { type ConfabOptions, resolveOptions } from "./options.ts";
import css from "./styles.css?inline";

export interface ConfabInstance {
  /** Merges new options (say, after a single-page app navigated) and redraws; reloads if the page changed. */
  update(options: Partial<ConfabOptions>): void;
  /** Unmounts the discussion and cancels its requests; the host element is left empty. */
  destroy(): void;
}

/**
 * Draws a discussion inside `host`'s shadow root, so the page's CSS and ours cannot touch each
 * other. `defaultApi` is the worker that served the script.
 */
export function mount(host: Element, options: ConfabOptions, defaultApi: string): ConfabInstance {
  // A shadow root cannot be removed: mounting again after destroy() reuses it.
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  let current = options;
  let alive = true;
  const draw = () => {
    const resolved = resolveOptions(current, defaultApi);
    host.setAttribute("data-theme", resolved.theme);
    render(
      <>
        <style>{css}</style>
        <App options={resolved} />
      </>,
      root,
    );
  };
  draw();
  return {
    update(next) {
      current = { ...current, ...next };
      if (alive) draw();
    },
    destroy() {
      alive = false;
      render(null, root);
      host.removeAttribute("data-theme");
    },
  };
}
