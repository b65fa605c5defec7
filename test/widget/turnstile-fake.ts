// A stand-in for Cloudflare's api.js in happy-dom: when the widget adds the Turnstile script tag,
// it is recorded (never fetched), `window.turnstile` appears and the tag fires `load`, as the real
// script does. render/reset/remove are recorded; the test solves a challenge by calling `solve`.
import { render } from "preact";
import { vi } from "vitest";
import type { ConfabOptions } from "../../widget/src/options.ts";
import type { TurnstileApi, TurnstileOptions } from "../../widget/src/write/turnstile.ts";
import { serveChunks } from "./chunks.ts";
import { API, type FakeApi, fakeApi } from "./fake-api.ts";
import { nestedThread, site } from "./fixtures.ts";

export const SRC = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
export const SITE_KEY = "0x4AAAAAAAtestkey";

export interface Rendered {
  id: string;
  container: HTMLElement;
  options: TurnstileOptions;
}

export interface FakeTurnstile {
  /** Every script URL asked for that was not Confab's own (write.js, languages). */
  requested: string[];
  rendered: Rendered[];
  resets: string[];
  removed: string[];
  /** What the script defines as `window.turnstile`. */
  api: TurnstileApi;
  /** Makes the script fail to load, as on a network that blocks Cloudflare. */
  blocked: boolean;
  /** Holds the script's answer until `release()`, as a slow network would. */
  held: boolean;
  release(): void;
  /** Solves challenge `index` (in render order) with `token`, as Turnstile calls back. */
  solve(index: number, token: string): void;
}

export function fakeTurnstile(): FakeTurnstile {
  const pending: (() => void)[] = [];
  const fake: FakeTurnstile = {
    requested: [],
    rendered: [],
    resets: [],
    removed: [],
    api: {
      render(container, options) {
        const id = `widget-${fake.rendered.length}`;
        fake.rendered.push({ id, container, options });
        return id;
      },
      reset: (id) => void fake.resets.push(id),
      remove: (id) => void fake.removed.push(id),
    },
    blocked: false,
    held: false,
    release() {
      fake.held = false;
      for (const answer of pending.splice(0)) answer();
    },
    solve(index, token) {
      fake.rendered[index]?.options.callback(token);
    },
  };
  const served = document.head.append;
  document.head.append = (...nodes: (Node | string)[]) => {
    for (const node of nodes) {
      if (!(node instanceof HTMLScriptElement && node.src.startsWith("https://challenges.cloudflare.com/"))) {
        served.call(document.head, node);
        continue;
      }
      fake.requested.push(node.src);
      const answer = () => {
        if (!fake.blocked) Object.assign(window, { turnstile: fake.api });
        node.dispatchEvent(new Event(fake.blocked ? "error" : "load"));
      };
      if (fake.held) pending.push(answer);
      else setTimeout(answer);
    }
  };
  return fake;
}

/** The demo thread, from a site with a Turnstile key (or without, given null). */
export function threadWithKey(key: string | null = SITE_KEY) {
  return { ...nestedThread(), site: { ...site, turnstileSiteKey: key } };
}

export interface World {
  api: FakeApi;
  turnstile: FakeTurnstile;
  /** Mounts a discussion, eagerly, into a new element; resolves when its forms are drawn. */
  mount(options?: Partial<ConfabOptions>): Promise<{ host: HTMLElement; destroy(): void }>;
}

/** A fresh module graph (so no api.js is cached from an earlier test), a fake API and fake Turnstile. */
export async function world(key: string | null = SITE_KEY): Promise<World> {
  vi.resetModules();
  const api = fakeApi(threadWithKey(key));
  vi.stubGlobal("fetch", api.fetch);
  serveChunks();
  const turnstile = fakeTurnstile();
  const { mount } = await import("../../widget/src/mount.tsx");
  return {
    api,
    turnstile,
    async mount(options = {}) {
      const host = document.createElement("div");
      document.body.append(host);
      const instance = mount(host, { site: "demo", loading: "eager", ...options }, API);
      await vi.waitFor(() => {
        if (!host.shadowRoot?.querySelector("form")) throw new Error("no form yet");
      });
      return { host, destroy: instance.destroy };
    },
  };
}

/** Unmounts what a test left and forgets the fake script's global. */
export function tidy(): void {
  for (const el of document.querySelectorAll("*")) if (el.shadowRoot) render(null, el.shadowRoot);
  Reflect.deleteProperty(window, "turnstile");
  vi.unstubAllGlobals();
  // Anything still running from this test must never reach the network.
  vi.stubGlobal("fetch", () => Promise.reject(new TypeError("no network in tests")));
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  localStorage.clear();
}
