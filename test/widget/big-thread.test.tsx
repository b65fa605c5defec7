// Big threads: a first page of 250 comments is drawn in chunks, a permalink reaches past the 100
// replies a root inlines, and a failed "load more" is reported instead of thrown away.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { PublicComment } from "../../shared/types.ts";
import { json } from "./fake-api.ts";
import { comment, threadOf } from "./fixtures.ts";
import { renderApp } from "./render-app.tsx";

const articles = () => document.querySelectorAll("article.comment").length;
const article = (id: string) => document.getElementById(`comment-${id}`);

/** `n` roots, each with `replies` replies. */
function manyRoots(n: number, replies = 0): PublicComment[] {
  return Array.from({ length: n }, (_, i) => [
    comment(`r${i}`, null, `Root ${i}`, `<p>root ${i}</p>`, { replyCount: replies }),
    ...Array.from({ length: replies }, (_, j) => comment(`r${i}-${j}`, `r${i}`, `Re ${j}`, `<p>${j}</p>`)),
  ]).flat();
}

describe("a first page of 250 comments", () => {
  it("draws the first comments at once and the rest in later tasks, each a few dozen comments", async () => {
    const counts: number[] = [];
    const watch = new MutationObserver(() => counts.push(articles()));
    watch.observe(document.body, { childList: true, subtree: true });
    await renderApp(threadOf(manyRoots(50, 4)));
    // Drawn in later tasks: on a loaded machine those can take longer than waitFor's 1 s default (within the test's own 5 s).
    await waitFor(() => expect(articles()).toBe(250), { timeout: 4_000 });
    watch.disconnect();
    // Every step of the drawing added a bounded number of comments.
    const steps = [...new Set(counts)].sort((a, b) => a - b);
    const jumps = steps.map((n, i) => n - (steps[i - 1] ?? 0));
    expect(steps.length).toBeGreaterThanOrEqual(4);
    // The first comments came with the first chunk, not with the last.
    expect(steps.find((n) => n > 0)).toBeLessThanOrEqual(25);
    expect(Math.max(...jumps)).toBeLessThanOrEqual(70);
    // Order is that of the answer: the last root drawn is the last root sent.
    const names = [...document.querySelectorAll("ol.comments > li > article .name")].map(
      (n) => n.textContent,
    );
    expect(names.at(-1)).toBe("Root 49");
    expect(names).toHaveLength(50);
  });

  it("draws a permalinked comment from a late chunk before scrolling to it", async () => {
    history.replaceState(null, "", "#comment-r48-2");
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    const api = await renderApp(threadOf(manyRoots(50, 4)));
    await waitFor(() => expect(article("r48-2")?.classList.contains("target")).toBe(true), {
      timeout: 4_000,
    });
    expect(scrolled).toEqual(["comment-r48-2"]);
    // It was in the first answer: found without asking for anything more.
    expect(api.calls.filter((c) => c.method === "GET").map((c) => c.url.pathname)).toEqual([
      "/api/v1/threads",
    ]);
    history.replaceState(null, "", "#");
  });
});

describe("permalinks past the first 100 replies", () => {
  it("loads further pages of replies, root by root, until the comment is there", async () => {
    history.replaceState(null, "", "#comment-deep");
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    // Two roots with more replies than inlined; the link points into the second one's last page.
    const thread = threadOf([
      comment("a", null, "A", "<p>a</p>", { replyCount: 3 }),
      comment("a1", "a", "A1", "<p>a1</p>"),
      comment("b", null, "B", "<p>b</p>", { replyCount: 4 }),
      comment("b1", "b", "B1", "<p>b1</p>"),
    ]);
    const routes = {
      "GET /api/v1/comments/a/replies": () =>
        json(200, {
          comments: [comment("a2", "a", "A2", ""), comment("a3", "a", "A3", "")],
          nextCursor: null,
        }),
      "GET /api/v1/comments/b/replies": (call: { url: URL }) =>
        call.url.searchParams.get("cursor") === "b2"
          ? json(200, { comments: [comment("deep", "b", "Deep", "<p>here</p>")], nextCursor: null })
          : json(200, {
              comments: [comment("b2", "b", "B2", ""), comment("b3", "b", "B3", "")],
              nextCursor: "b2",
            }),
    };
    // The routes must be there before the first answer: the search starts as soon as it is drawn.
    const api = await renderApp(thread, {}, undefined, routes);
    await waitFor(() => expect(article("deep")?.classList.contains("target")).toBe(true));
    expect(scrolled).toEqual(["comment-deep"]);
    const asked = api.calls.filter((c) => c.url.pathname.endsWith("/replies"));
    expect(asked.map((c) => `${c.url.pathname} ${c.url.search}`)).toEqual([
      "/api/v1/comments/a/replies ",
      "/api/v1/comments/b/replies ",
      "/api/v1/comments/b/replies ?cursor=b2",
    ]);
    history.replaceState(null, "", "#");
  });

  it("stops when every page is loaded and the comment is not there", async () => {
    history.replaceState(null, "", "#comment-gone");
    const thread = threadOf([
      comment("a", null, "A", "<p>a</p>", { replyCount: 5 }),
      comment("a1", "a", "A1", "<p>a1</p>"),
    ]);
    const routes = {
      // Fewer replies than the count says (some were held since): the search must still end.
      "GET /api/v1/comments/a/replies": () =>
        json(200, { comments: [comment("a2", "a", "A2", "")], nextCursor: null }),
    };
    const api = await renderApp(thread, {}, undefined, routes);
    await waitFor(() => expect(article("a2")).not.toBeNull());
    await new Promise((r) => setTimeout(r, 50));
    expect(api.calls.filter((c) => c.url.pathname.endsWith("/replies"))).toHaveLength(1);
    expect(document.querySelector(".target")).toBeNull();
    history.replaceState(null, "", "#");
  });
});

describe("fragments that are not a comment id", () => {
  it("ignores a malformed or hostile #comment- fragment instead of throwing", async () => {
    for (const hash of ["#comment-%E0", '#comment-a"]', "#comment-a\\"]) {
      history.replaceState(null, "", hash);
      const api = await renderApp(threadOf(manyRoots(3)));
      await waitFor(() => expect(article("r2")).not.toBeNull());
      expect(document.querySelector(".target"), hash).toBeNull();
      expect(api.calls.filter((c) => c.method === "GET")).toHaveLength(1);
      cleanup();
    }
    history.replaceState(null, "", "#");
  });
});

describe("load more", () => {
  it("says so when the next page fails, and lets the reader try again", async () => {
    const api = await renderApp({ ...threadOf(manyRoots(2)), nextCursor: "p2" });
    let fail = true;
    api.routes["GET /api/v1/threads"] = () =>
      fail
        ? Promise.reject(new TypeError("Failed to fetch"))
        : json(200, { ...threadOf([comment("late", null, "Late", "<p>l</p>")]), nextCursor: null });
    const button = screen.getByRole("button", { name: "Load more comments" });
    fireEvent.click(button);
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Comments could not be loaded. Could not reach the comment server. Check your connection and try again.",
    );
    expect((button as HTMLButtonElement).disabled).toBe(false);
    fail = false;
    fireEvent.click(button);
    await waitFor(() => expect(article("late")).not.toBeNull());
    expect(screen.queryByRole("button", { name: "Load more comments" })).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("does not pull the reader back to a permalinked comment when more comments load", async () => {
    history.replaceState(null, "", "#comment-r0");
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    const api = await renderApp({ ...threadOf(manyRoots(2)), nextCursor: "p2" });
    await waitFor(() => expect(scrolled).toEqual(["comment-r0"]));
    api.routes["GET /api/v1/threads"] = () =>
      json(200, { ...threadOf([comment("late", null, "Late", "")]), nextCursor: null });
    fireEvent.click(screen.getByRole("button", { name: "Load more comments" }));
    await waitFor(() => expect(article("late")).not.toBeNull());
    await new Promise((r) => setTimeout(r, 20));
    expect(scrolled).toEqual(["comment-r0"]);
    history.replaceState(null, "", "#");
  });
});
