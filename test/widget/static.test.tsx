// The thread as the worker rendered it (GET /threads.html, a declarative shadow root in the
// page): the widget keeps it on screen, untouched, while it draws the same thread off screen,
// then puts its own in its place in one step (mount.tsx). The browser test
// test/e2e/widget-static.test.ts measures that nothing moves.
import { waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { mount } from "../../widget/src/mount.tsx";
import { serveChunks } from "./chunks.ts";
import { API, type FakeApi, fakeApi } from "./fake-api.ts";
import { nestedThread } from "./fixtures.ts";

let api: FakeApi;

beforeEach(() => {
  api = fakeApi(nestedThread());
  vi.stubGlobal("fetch", api.fetch);
  serveChunks();
});

afterEach(() => {
  for (const el of document.querySelectorAll("*")) if (el.shadowRoot) render(null, el.shadowRoot);
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

/** A host with a shadow root as the parser makes it from threads.html's `<template shadowrootmode>`. */
function serverRendered(): { host: HTMLElement; drawn: Element } {
  const host = document.createElement("div");
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    '<style>.confab{color:red}</style><div class="confab" data-confab-static="/x"><section class="thread"><h2>8 comments</h2></section></div>';
  return { host, drawn: root.querySelector(".confab") as Element };
}

it("keeps the server-rendered thread, untouched, until its own is drawn whole, then swaps it in", async () => {
  const { host, drawn } = serverRendered();
  const root = host.shadowRoot as ShadowRoot;
  const seen: string[] = [];
  // Every change the shadow root sees while the widget works: only the one swap.
  new MutationObserver((records) => {
    for (const r of records)
      seen.push(`${r.type}:${r.target === root ? "root" : (r.target as Element).localName}`);
  }).observe(root, { childList: true, subtree: true, attributes: true, characterData: true });

  // The thread's answer is held until the checks below have run (else a fast answer could be
  // drawn and swapped in before them).
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = 0;
  vi.stubGlobal("fetch", (...args: Parameters<typeof fetch>) => {
    asked++;
    return held.then(() => api.fetch(...args));
  });
  mount(host, { site: "demo", loading: "eager" }, API);
  // The request goes out, and the server's drawing stays as it was, with its own styles only.
  await waitFor(() => expect(asked).toBe(1));
  expect(root.contains(drawn)).toBe(true);
  expect(root.adoptedStyleSheets).toHaveLength(0);
  release();
  await waitFor(() => expect(api.calls).toHaveLength(1));

  // Then, at once, the widget's own thread with its form, and the widget's stylesheet.
  await waitFor(() => expect(root.querySelector("form[aria-label='Leave a comment']")).toBeTruthy());
  expect(root.contains(drawn)).toBe(false);
  expect(root.querySelector("style")).toBeNull();
  expect(root.adoptedStyleSheets).toHaveLength(1);
  expect(root.querySelector("h2")?.textContent).toBe("8 comments");
  expect(root.querySelectorAll("article")).toHaveLength(8);
  await new Promise((r) => setTimeout(r, 50));
  // Only the root's children changed (one replaceChildren; happy-dom reports it per node):
  // nothing inside the server's drawing was touched, nothing of the widget's redrawn after.
  expect(new Set(seen)).toEqual(new Set(["childList:root"]));
});

it("scrolls to a permalinked comment once its own drawing is on the page", async () => {
  history.replaceState(null, "", "#comment-c3");
  try {
    const { host } = serverRendered();
    mount(host, { site: "demo" }, API);
    const root = host.shadowRoot as ShadowRoot;
    await waitFor(() => expect(root.querySelector("#comment-c3.target")).toBeTruthy());
    expect(root.querySelector("[data-confab-static]")).toBeNull();
    expect(root.activeElement?.id).toBe("comment-c3");
  } finally {
    history.replaceState(null, "", "#");
  }
});

it("leaves the server's thread in place when the thread cannot be read", async () => {
  api.routes["GET /api/v1/threads"] = () => new Response("down", { status: 503 });
  const { host, drawn } = serverRendered();
  mount(host, { site: "demo", loading: "eager" }, API);
  await waitFor(() => expect(api.calls).toHaveLength(1));
  await new Promise((r) => setTimeout(r, 100));
  expect(host.shadowRoot?.contains(drawn)).toBe(true);
  expect(host.shadowRoot?.querySelector("[role=alert]")).toBeNull();
});
