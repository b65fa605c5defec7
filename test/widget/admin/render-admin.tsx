import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, vi } from "vitest";
import { App } from "../../../widget/src/admin/app.tsx";
import { FakeAdmin, type State } from "./fake-admin.ts";
import { adminSite, TOKEN } from "./fixtures.ts";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, "", "/admin/");
});

/**
 * Renders the real dashboard against a fake admin API, signed in (a token in sessionStorage, as
 * after a login) unless `token` is null, on the view named by `view`.
 */
export async function renderAdmin(
  state: Partial<State> = {},
  {
    view = "queue",
    token = TOKEN,
    pageSize = 50,
  }: { view?: string; token?: string | null; pageSize?: number } = {},
): Promise<FakeAdmin> {
  // A copy: the fake changes its state as the worker would, and fixtures are shared between tests.
  const api = new FakeAdmin(
    structuredClone({
      comments: [],
      threads: [],
      sites: [adminSite("demo"), adminSite("other")],
      bans: [],
      audit: [],
      tokens: [],
      outbox: [],
      deliveries: [],
      identities: [],
      sessions: [],
      reports: [],
      ...state,
    }),
  );
  api.pageSize = pageSize;
  vi.stubGlobal("fetch", api.fetch);
  history.replaceState(null, "", `/admin/#/${view}`);
  if (token) sessionStorage.setItem("confab-admin-token", token);
  render(<App />);
  if (token) await screen.findByRole("heading", { level: 2 });
  return api;
}

/** The author names of the listed comments, in order. */
export const names = (): string[] =>
  Array.from(document.querySelectorAll(".rows > li .name"), (el) => el.textContent ?? "");

/** The list item of a comment (or thread) row, to query inside it. */
export const row = (id: string): HTMLElement => {
  const el = document.getElementById(`row-${id}`);
  if (!el) throw new Error(`no row ${id}`);
  return el;
};
