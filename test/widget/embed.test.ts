import { fireEvent, waitFor, within } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { serveChunks } from "./chunks.ts";
import { API, type FakeApi, fakeApi } from "./fake-api.ts";
import { nestedThread } from "./fixtures.ts";
import { FakeObserver } from "./observer.ts";

let api: FakeApi;

beforeEach(() => {
  api = fakeApi(nestedThread());
  vi.stubGlobal("fetch", api.fetch);
  FakeObserver.reset();
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  serveChunks();
});

afterEach(() => {
  // Unmount what the test left, before vi.resetModules() gives the next test a new module graph.
  for (const el of document.querySelectorAll("*")) if (el.shadowRoot) render(null, el.shadowRoot);
  // Instances this file leaves mounted may still run their effects: they must never reach the network.
  vi.stubGlobal("fetch", () => Promise.reject(new TypeError("no network in tests")));
  Reflect.deleteProperty(document, "currentScript");
  Reflect.deleteProperty(document, "readyState");
  delete window.Confab;
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  document.title = "";
});

/** Adds `<script src=… data-…>` to the body and runs embed.ts as if the browser had loaded it. */
async function loadEmbed(
  data: Record<string, string>,
  src = `${API}/embed.js`,
  parent: Element = document.body,
): Promise<HTMLScriptElement> {
  const script = document.createElement("script");
  script.src = src;
  for (const [key, value] of Object.entries(data)) script.dataset[key] = value;
  // Not executed by happy-dom: there is nothing at the src. The test runs the module instead.
  script.type = "text/plain";
  parent.append(script);
  Object.defineProperty(document, "currentScript", { configurable: true, get: () => script });
  vi.resetModules();
  await import("../../widget/src/embed.ts");
  Reflect.deleteProperty(document, "currentScript");
  return script;
}

const inShadow = (host: Element) => within(host.shadowRoot as unknown as HTMLElement);
const threadCalls = () => api.calls.filter((c) => c.url.pathname === "/api/v1/threads");

describe("embed.js", () => {
  it("boots from its script tag into an open shadow root and asks for the canonical page", async () => {
    document.head.innerHTML = '<link rel="canonical" href="https://blog.example.com/2011/04/01/late-night/">';
    document.body.innerHTML = '<article>Post</article><div id="comments"></div>';
    const globalsBefore = new Set(Object.keys(window));
    await loadEmbed({ site: "demo", theme: "dark" });

    const host = document.getElementById("comments") as HTMLElement;
    expect(host.shadowRoot?.mode).toBe("open");
    await inShadow(host).findByRole("heading", { name: "8 comments" });
    expect(host.childNodes).toHaveLength(0);
    expect(host.getAttribute("data-theme")).toBe("dark");
    // The stylesheet is adopted, not a <style> element (no 'unsafe-inline' needed under a CSP).
    expect(host.shadowRoot?.adoptedStyleSheets).toHaveLength(1);
    expect(host.shadowRoot?.querySelector("style")).toBeNull();
    expect(document.head.querySelector("style")).toBeNull();

    expect(threadCalls()).toHaveLength(1);
    expect(threadCalls()[0]?.url.href).toBe(
      `${API}/api/v1/threads?site=demo&url=${encodeURIComponent("https://blog.example.com/2011/04/01/late-night/")}`,
    );
    expect(Object.keys(window).filter((k) => !globalsBefore.has(k))).toEqual(["Confab"]);
  });

  it("reads every data-* option", async () => {
    document.title = "Page title";
    document.body.innerHTML = '<section class="talk"></section>';
    await loadEmbed(
      {
        site: "demo",
        target: ".talk",
        url: "https://blog.example.com/other",
        pageId: "post-42",
        title: "Given title",
        api: `${API}/`,
        theme: "light",
        sort: "newest",
      },
      "https://cdn.example.net/confab/embed.js",
    );
    const host = document.querySelector(".talk") as HTMLElement;
    await inShadow(host).findByRole("heading", { name: "8 comments" });
    expect(host.getAttribute("data-theme")).toBe("light");
    const query = threadCalls()[0]?.url;
    expect(query?.origin).toBe(API);
    expect(Object.fromEntries(query?.searchParams ?? [])).toEqual({
      site: "demo",
      pageId: "post-42",
      sort: "newest",
    });

    const form = await inShadow(host).findByRole("form", { name: "Leave a comment" });
    fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: "Hi" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]?.body).toMatchObject({
      site: "demo",
      url: "https://blog.example.com/other",
      pageId: "post-42",
      title: "Given title",
    });
  });

  it("defaults to the page's own URL, title, #comments, the auto theme and the script's origin", async () => {
    document.title = "Late Night";
    document.body.innerHTML = '<div id="comments"></div>';
    await loadEmbed({ site: "demo" });
    const host = document.getElementById("comments") as HTMLElement;
    await inShadow(host).findByRole("heading", { name: "8 comments" });
    expect(host.getAttribute("data-theme")).toBe("auto");
    expect(threadCalls()[0]?.url.origin).toBe(API);
    expect(threadCalls()[0]?.url.searchParams.get("url")).toBe(location.href);
  });

  it("inserts its own container right after the script when the target is missing", async () => {
    document.body.innerHTML = "<main><p>before</p></main><footer>after</footer>";
    const main = document.querySelector("main") as HTMLElement;
    const script = await loadEmbed({ site: "demo", target: "#nowhere" }, `${API}/embed.js`, main);
    const host = script.nextElementSibling as HTMLElement;
    expect(host?.tagName).toBe("DIV");
    expect(main.lastElementChild).toBe(host);
    await inShadow(host).findByRole("heading", { name: "8 comments" });
  });

  it("waits for the document when it runs before the target is parsed", async () => {
    Object.defineProperty(document, "readyState", { configurable: true, get: () => "loading" });
    await loadEmbed({ site: "demo" });
    expect(api.calls).toHaveLength(0);
    const host = document.createElement("div");
    host.id = "comments";
    document.body.append(host);
    document.dispatchEvent(new Event("DOMContentLoaded"));
    await inShadow(host).findByRole("heading", { name: "8 comments" });
    expect(document.body.querySelectorAll("div")).toHaveLength(1);
  });

  it("mounts nothing without data-site, but still offers Confab.mount", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    document.body.innerHTML = '<div id="comments"></div>';
    await loadEmbed({});
    expect(document.getElementById("comments")?.shadowRoot).toBeNull();
    expect(error).toHaveBeenCalledWith(expect.stringContaining("data-site"));
    expect(typeof window.Confab?.mount).toBe("function");
    error.mockRestore();
  });
});

describe("window.Confab.mount", () => {
  it("runs two independent instances and destroys one without touching the other", async () => {
    document.body.innerHTML = '<div id="one"></div><div id="two"></div>';
    await loadEmbed({ site: "demo", target: "#none-here" });
    const one = document.getElementById("one") as HTMLElement;
    const two = document.getElementById("two") as HTMLElement;
    const a = window.Confab?.mount(one, { site: "demo", pageId: "a" });
    const b = window.Confab?.mount(two, { site: "demo", pageId: "b", theme: "dark" });

    await inShadow(one).findByRole("heading", { name: "8 comments" });
    await inShadow(two).findByRole("heading", { name: "8 comments" });
    const pageIds = () => threadCalls().flatMap((c) => c.url.searchParams.getAll("pageId"));
    expect(pageIds()).toEqual(["a", "b"]);
    expect(threadCalls().every((c) => c.url.origin === API)).toBe(true);
    expect(one.getAttribute("data-theme")).toBe("auto");
    expect(two.getAttribute("data-theme")).toBe("dark");

    await inShadow(two).findByRole("form");
    fireEvent.click(inShadow(one).getAllByRole("button", { name: "Reply" })[0] as HTMLElement);
    await waitFor(() => expect(inShadow(one).getAllByRole("form")).toHaveLength(2));
    expect(inShadow(two).getAllByRole("form")).toHaveLength(1);

    a?.destroy();
    expect(one.shadowRoot?.childNodes).toHaveLength(0);
    expect(one.hasAttribute("data-theme")).toBe(false);
    expect(inShadow(two).getByRole("heading", { name: "8 comments" })).toBeTruthy();

    b?.update({ pageId: "c" });
    await waitFor(() => expect(pageIds()).toEqual(["a", "b", "c"]));
    await inShadow(two).findByRole("heading", { name: "8 comments" });
    b?.destroy();
    expect(two.shadowRoot?.childNodes).toHaveLength(0);
  });

  it("can mount again on an element it was destroyed on", async () => {
    document.body.innerHTML = '<div id="spa"></div>';
    await loadEmbed({ site: "demo", target: "#none-here" });
    const host = document.getElementById("spa") as HTMLElement;
    window.Confab?.mount(host, { site: "demo" }).destroy();
    window.Confab?.mount(host, { site: "demo" });
    await inShadow(host).findByRole("heading", { name: "8 comments" });
  });

  it("does not draw an answer that arrives after destroy()", async () => {
    document.body.innerHTML = '<div id="late"></div>';
    await loadEmbed({ site: "demo", target: "#none-here" });
    const host = document.getElementById("late") as HTMLElement;
    let answer: (() => void) | undefined;
    let signal: AbortSignal | null | undefined;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
      // Only this instance's request; the one embed.js mounted by itself is answered at once.
      if (!String(input).includes("pageId=late")) return api.fetch(input, init);
      signal = init?.signal;
      // A server that answers even after the request was given up on.
      return new Promise<Response>((resolve) => {
        answer = () => resolve(api.fetch(input, init));
      });
    });
    const instance = window.Confab?.mount(host, { site: "demo", pageId: "late" });
    expect(inShadow(host).getByText("Loading comments…")).toBeTruthy();
    await waitFor(() => expect(answer).toBeDefined());
    instance?.destroy();
    // Preact runs effect cleanups after paint, so the abort follows shortly.
    await waitFor(() => expect(signal?.aborted).toBe(true));
    answer?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(host.shadowRoot?.childNodes).toHaveLength(0);
  });
});
