// Likes are keyed by a reader id the widget makes once per browser (docs/api.md): the like calls
// must carry it as JSON, the same one on every visit, and still work where storage does not.
import { cleanup, fireEvent, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { nestedThread } from "./fixtures.ts";
import { renderApp } from "./render-app.tsx";

const likeButton = (id: string) =>
  within(document.getElementById(`comment-${id}`) as HTMLElement).getByRole("button", { name: /^Like/ });
type Api = Awaited<ReturnType<typeof renderApp>>;
const likeCalls = (api: Api) => api.calls.filter((c) => c.url.pathname.endsWith("/like"));
const readerOf = (api: Api, n: number) =>
  (likeCalls(api)[n]?.body as { reader?: string } | undefined)?.reader;

async function toggle(id: string, to: string) {
  fireEvent.click(likeButton(id));
  await waitFor(() => expect(likeButton(id).textContent?.trim()).toBe(to));
}

describe("the reader id of likes", () => {
  it("sends 22 random base64url characters as JSON, kept in localStorage, on like and unlike", async () => {
    const api = await renderApp(nestedThread());
    await toggle("c1", "Like 1");
    await toggle("c1", "Like");
    const [like, unlike] = likeCalls(api);
    expect([like?.method, unlike?.method]).toEqual(["POST", "DELETE"]);
    expect(like?.headers.get("Content-Type")).toBe("application/json");
    const reader = readerOf(api, 0);
    expect(reader).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(like?.body).toEqual({ reader });
    expect(unlike?.body).toEqual({ reader });
    expect(JSON.parse(localStorage.getItem("confab:reader") ?? "null")).toBe(reader);
  });

  it("sends the same id after a reload, and the one an earlier visit kept", async () => {
    let api = await renderApp(nestedThread());
    await toggle("c1", "Like 1");
    const first = readerOf(api, 0);
    cleanup();
    api = await renderApp(nestedThread());
    await toggle("c2", "Like 1");
    expect(readerOf(api, 0)).toBe(first);

    // What is stored wins over what this page made: it is the browser's id, not the page's.
    const kept = "AAAAAAAAAAAAAAAAAAAAAA";
    localStorage.setItem("confab:reader", JSON.stringify(kept));
    cleanup();
    api = await renderApp(nestedThread());
    await toggle("c5", "Like 1");
    expect(readerOf(api, 0)).toBe(kept);
  });

  it("replaces a stored value that is not a valid id", async () => {
    localStorage.setItem("confab:reader", JSON.stringify("short"));
    const api = await renderApp(nestedThread());
    await toggle("c1", "Like 1");
    expect(readerOf(api, 0)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.parse(localStorage.getItem("confab:reader") ?? "null")).toBe(readerOf(api, 0));
  });

  it("keeps one id in memory for the page when storage throws (private mode, sandboxed frame)", async () => {
    const api = await renderApp(nestedThread());
    const denied = () => {
      throw new DOMException("denied", "SecurityError");
    };
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(denied);
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(denied);
    try {
      await toggle("c1", "Like 1");
      await toggle("c2", "Like 1");
      await toggle("c1", "Like");
    } finally {
      vi.restoreAllMocks();
    }
    const ids = [0, 1, 2].map((n) => readerOf(api, n));
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(1);
  });
});
