import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, expect, vi } from "vitest";
import type { ThreadResponse } from "../../shared/types.ts";
import { App } from "../../widget/src/components/app.tsx";
import type { ResolvedOptions } from "../../widget/src/options.ts";
import { type Chunks, serveChunks } from "./chunks.ts";
import { API, type FakeApi, fakeApi } from "./fake-api.ts";
import { PAGE } from "./fixtures.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

export const options: ResolvedOptions = {
  site: "demo",
  url: PAGE,
  pageId: null,
  title: "Late Night Libya Update",
  api: API,
  theme: "auto",
  sort: null,
  lang: "en",
  assets: `${API}/`,
};

/** What the last renderApp() served on demand (write.js, language files). */
export let chunks: Chunks;

/** Renders the real app against a fake API and waits until the thread is drawn. */
export async function renderApp(
  thread: ThreadResponse,
  opts: Partial<ResolvedOptions> = {},
  moderation?: "none" | "all",
  routes: FakeApi["routes"] = {},
): Promise<FakeApi> {
  const api = fakeApi(thread, { moderation });
  Object.assign(api.routes, routes);
  vi.stubGlobal("fetch", api.fetch);
  chunks = serveChunks();
  render(<App options={{ ...options, ...opts }} />);
  await screen.findByRole("heading", { level: 2 });
  // The forms come from write.js, loaded on demand: wait until they stand where their placeholders were.
  await waitFor(() => expect(document.querySelector(".placeholder")).toBeNull());
  return api;
}

/** The author names of the comments directly inside `list`, in order. */
export function namesIn(list: Element): string[] {
  return Array.from(list.children).map((li) => li.querySelector(":scope > article .name")?.textContent ?? "");
}
