import { waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ConfabInstance, mount as mountOnce } from "../../widget/src/mount.tsx";
import { optionsFromScript } from "../../widget/src/options.ts";
import { type Chunks, serveChunks } from "./chunks.ts";
import { API, type FakeApi, fakeApi } from "./fake-api.ts";
import { nestedThread } from "./fixtures.ts";
import { FakeObserver } from "./observer.ts";

let api: FakeApi;
let chunks: Chunks;
const threadCalls = () => api.calls.filter((c) => c.url.pathname === "/api/v1/threads");
const shadow = (host: Element) => within(host.shadowRoot as unknown as HTMLElement);

beforeEach(() => {
  api = fakeApi(nestedThread());
  vi.stubGlobal("fetch", api.fetch);
  FakeObserver.reset();
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  chunks = serveChunks();
  document.body.innerHTML = '<div id="host"></div>';
});

afterEach(async () => {
  for (const instance of instances.splice(0)) instance.destroy();
  // Preact runs the effects' cleanups after the next frame: let them end before the next test.
  await new Promise((resolve) => setTimeout(resolve, 50));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.documentElement.lang = "";
  document.body.removeAttribute("style");
  history.replaceState(null, "", "#");
});

const host = () => document.getElementById("host") as HTMLElement;

/** Every instance a test mounts, destroyed after it: one left running would still act later. */
const instances: ConfabInstance[] = [];
const mount = (...args: Parameters<typeof mountOnce>) => {
  const instance = mountOnce(...args);
  instances.push(instance);
  return instance;
};

describe("loading", () => {
  it("waits until the container comes within a screen of the viewport, showing a skeleton", async () => {
    FakeObserver.near = false;
    mount(host(), { site: "demo" }, API);
    const observer = FakeObserver.all[0] as FakeObserver;
    expect(observer.options.rootMargin).toBe("100% 0px");
    expect([...observer.targets]).toEqual([host()]);
    expect(host().shadowRoot?.querySelector(".skeleton[aria-busy=true]")).toBeTruthy();
    expect(shadow(host()).getByText("Loading comments…")).toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    expect(api.calls).toHaveLength(0);

    observer.scrollNear(host());
    await shadow(host()).findByRole("heading", { name: "8 comments" });
    expect(threadCalls()).toHaveLength(1);
    expect(observer.disconnected).toBe(true);
  });

  it("loads at once with loading=eager, or when the page links to a comment", async () => {
    FakeObserver.near = false;
    mount(host(), { site: "demo", loading: "eager" }, API);
    await shadow(host()).findByRole("heading", { name: "8 comments" });
    expect(FakeObserver.all).toHaveLength(0);

    document.body.innerHTML = '<div id="host"></div>';
    history.replaceState(null, "", "#comment-c3");
    mount(host(), { site: "demo" }, API);
    await shadow(host()).findByRole("heading", { name: "8 comments" });
    expect(FakeObserver.all).toHaveLength(0);
  });

  it("reads data-loading and data-lang from the script tag", () => {
    const script = document.createElement("script");
    script.dataset.site = "demo";
    script.dataset.loading = "eager";
    script.dataset.lang = "ja";
    expect(optionsFromScript(script)).toMatchObject({ site: "demo", loading: "eager", lang: "ja" });
  });

  it("destroy() disconnects its observer and removes every listener it added", async () => {
    FakeObserver.near = false;
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    vi.spyOn(window, "addEventListener").mockImplementation((type, fn, o) => {
      added.push(fn);
      add(type, fn, o);
    });
    vi.spyOn(window, "removeEventListener").mockImplementation((type, fn, o) => {
      removed.push(fn);
      remove(type, fn, o);
    });
    const lazy = mount(host(), { site: "demo" }, API);
    lazy.destroy();
    expect(FakeObserver.all[0]?.disconnected).toBe(true);

    const other = document.createElement("div");
    document.body.append(other);
    const live = mount(other, { site: "demo", loading: "eager" }, API);
    await shadow(other).findByRole("heading", { name: "8 comments" });
    // write.js's too (the permalink's hashchange listener, write/permalink.ts).
    await shadow(other).findByRole("form", { name: "Leave a comment" });
    await waitFor(() => expect(added.length).toBeGreaterThan(0));
    live.destroy();
    await waitFor(() => expect(removed.sort()).toEqual(added.sort()));
    expect(other.shadowRoot?.childNodes).toHaveLength(0);
    expect(other.shadowRoot?.adoptedStyleSheets).toHaveLength(0);
  });
});

describe("language", () => {
  it("speaks data-lang, loading that language's file once, and formats numbers for it", async () => {
    mount(host(), { site: "demo", lang: "de", loading: "eager" }, API, `${API}/confab/`);
    await shadow(host()).findByRole("heading", { name: "8 Kommentare" });
    expect(chunks.requested.filter((u) => u.includes("/i18n/"))).toEqual([`${API}/confab/i18n/de.js`]);
    expect(await shadow(host()).findByRole("form", { name: "Kommentar schreiben" })).toBeTruthy();
    const root = host().shadowRoot?.querySelector(".confab");
    expect([root?.getAttribute("lang"), root?.getAttribute("dir")]).toEqual(["de", "ltr"]);
  });

  it("falls back to the page's <html lang>, and lays Arabic out right to left", async () => {
    document.documentElement.lang = "ar";
    mount(host(), { site: "demo", loading: "eager" }, API);
    await shadow(host()).findByRole("heading", { name: "8 تعليقات" });
    const root = host().shadowRoot?.querySelector(".confab");
    expect([root?.getAttribute("lang"), root?.getAttribute("dir")]).toEqual(["ar", "rtl"]);
  });

  it("then the browser's languages, and stays in English when the language file cannot load", async () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["sv", "fr-CA"]);
    chunks.failing.add(`${API}/i18n/fr.js`);
    mount(host(), { site: "demo", loading: "eager" }, API);
    await shadow(host()).findByRole("heading", { name: "8 comments" });
    expect(chunks.requested).toContain(`${API}/i18n/fr.js`);
    expect(host().shadowRoot?.querySelector(".confab")?.getAttribute("lang")).toBe("fr");
  });
});

describe("theme", () => {
  it("follows a clearly dark or light page in auto mode, and the system otherwise", () => {
    document.body.style.background = "rgb(20, 20, 30)";
    mount(host(), { site: "demo" }, API);
    expect(host().getAttribute("data-theme")).toBe("dark");

    document.body.style.background = "rgb(250, 250, 245)";
    mount(host(), { site: "demo", theme: "dark" }, API);
    expect(host().getAttribute("data-theme")).toBe("dark");
    mount(host(), { site: "demo" }, API);
    expect(host().getAttribute("data-theme")).toBe("light");

    document.body.style.background = "rgb(128, 128, 128)";
    mount(host(), { site: "demo" }, API);
    expect(host().getAttribute("data-theme")).toBe("auto");
  });
});
