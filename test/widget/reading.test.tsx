import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "./fake-api.ts";
import { comment, nestedThread, threadOf } from "./fixtures.ts";
import { namesIn, renderApp } from "./render-app.tsx";

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const roots = () => namesIn(document.querySelector("ol.comments") as HTMLElement);
const likeButton = (id: string) => within(article(id)).getByRole("button", { name: /^Like/ });

describe("likes", () => {
  it("likes and unlikes through the API, shows the count and remembers what this reader liked", async () => {
    const thread = nestedThread();
    thread.comments[0] = { ...(thread.comments[0] as (typeof thread.comments)[0]), likes: 2 };
    const api = await renderApp(thread);
    api.routes["POST /api/v1/comments/c1/like"] = () => json(200, { likes: 3, liked: true });
    api.routes["DELETE /api/v1/comments/c1/like"] = () => json(200, { likes: 2, liked: false });
    expect(likeButton("c1").textContent).toBe("Like 2");
    expect(likeButton("c1").getAttribute("aria-pressed")).toBe("false");

    fireEvent.click(likeButton("c1"));
    await waitFor(() => expect(likeButton("c1").textContent).toBe("Like 3"));
    expect(likeButton("c1").getAttribute("aria-pressed")).toBe("true");
    expect(JSON.parse(localStorage.getItem("confab:liked") ?? "[]")).toEqual(["c1"]);
    const like = api.calls.at(-1);
    expect([like?.method, like?.url.pathname, like?.headers.get("Content-Type")]).toEqual([
      "POST",
      "/api/v1/comments/c1/like",
      "application/json",
    ]);

    fireEvent.click(likeButton("c1"));
    await waitFor(() => expect(likeButton("c1").textContent).toBe("Like 2"));
    expect(api.calls.at(-1)?.method).toBe("DELETE");
    expect(likeButton("c1").getAttribute("aria-pressed")).toBe("false");
    expect(JSON.parse(localStorage.getItem("confab:liked") ?? "[]")).toEqual([]);
  });

  it("shows a comment liked on an earlier visit as liked", async () => {
    localStorage.setItem("confab:liked", JSON.stringify(["c5"]));
    await renderApp(nestedThread());
    expect(likeButton("c5").getAttribute("aria-pressed")).toBe("true");
    expect(likeButton("c1").getAttribute("aria-pressed")).toBe("false");
  });
});

describe("order and paging", () => {
  it("asks the API for another order when the reader picks one", async () => {
    const api = await renderApp(nestedThread());
    const select = screen.getByLabelText("Sort by") as HTMLSelectElement;
    expect(select.value).toBe("oldest");
    expect(Array.from(select.options, (o) => o.textContent)).toEqual(["Oldest", "Newest", "Top"]);
    const top = threadOf([
      comment("t1", null, "Liked most", "<p>1</p>"),
      comment("t2", null, "Next", "<p>2</p>"),
    ]);
    api.routes["GET /api/v1/threads"] = (call) =>
      json(200, call.url.searchParams.get("sort") === "top" ? top : nestedThread());
    fireEvent.change(select, { target: { value: "top" } });
    await waitFor(() => expect(roots()).toEqual(["Liked most", "Next"]));
    expect(api.calls.at(-1)?.url.searchParams.get("sort")).toBe("top");
    expect((screen.getByLabelText("Sort by") as HTMLSelectElement).value).toBe("top");
  });

  it("loads the next page of roots with the cursor and appends it", async () => {
    const first = { ...nestedThread(), nextCursor: "page2" };
    const api = await renderApp(first);
    api.routes["GET /api/v1/threads"] = (call) => {
      expect(call.url.searchParams.get("cursor")).toBe("page2");
      return json(200, threadOf([comment("p1", null, "Later", "<p>late</p>")]));
    };
    fireEvent.click(screen.getByRole("button", { name: "Load more comments" }));
    await waitFor(() =>
      expect(roots()).toEqual(["WomanVoter", "bostonboomer", "mjames", "Minkoff Minx", "Later"]),
    );
    expect(screen.queryByRole("button", { name: "Load more comments" })).toBeNull();
  });

  it("loads the rest of a long reply list, page by page, under its root", async () => {
    const thread = threadOf([
      comment("r", null, "Root", "<p>root</p>", { replyCount: 4 }),
      comment("a", "r", "A", "<p>a</p>"),
      comment("b", "r", "B", "<p>b</p>"),
      comment("s", null, "Short", "<p>all here</p>", { replyCount: 1 }),
      comment("s1", "s", "S1", "<p>s1</p>"),
    ]);
    const api = await renderApp(thread);
    expect(
      within(article("s").parentElement as HTMLElement).queryByRole("button", { name: "Show more replies" }),
    ).toBeNull();
    const pages: Record<string, unknown> = {
      "": {
        comments: [comment("b", "r", "B", "<p>b</p>"), comment("c", "r", "C", "<p>c</p>")],
        nextCursor: "x",
      },
      x: { comments: [comment("d", "r", "D", "<p>d</p>")], nextCursor: null },
    };
    api.routes["GET /api/v1/comments/r/replies"] = (call) =>
      json(200, pages[call.url.searchParams.get("cursor") ?? ""]);
    const more = () =>
      within(article("r").parentElement as HTMLElement).queryByRole("button", { name: "Show more replies" });
    fireEvent.click(more() as HTMLElement);
    const replies = () => namesIn(article("r").parentElement?.querySelector(":scope > ol") as HTMLElement);
    await waitFor(() => expect(replies()).toEqual(["A", "B", "C"]));
    fireEvent.click(more() as HTMLElement);
    await waitFor(() => expect(replies()).toEqual(["A", "B", "C", "D"]));
    expect(more()).toBeNull();
    expect(api.calls.filter((c) => c.url.pathname.endsWith("/replies")).map((c) => c.url.search)).toEqual([
      "",
      "?cursor=x",
    ]);
  });
});

describe("permalinks", () => {
  it("scrolls to the comment in the page's #comment-<id>, focuses and highlights it", async () => {
    history.replaceState(null, "", "#comment-c4");
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    await renderApp(nestedThread());
    await waitFor(() => expect(article("c4").classList.contains("target")).toBe(true));
    expect(scrolled).toEqual([article("c4")]);
    expect(document.activeElement).toBe(article("c4"));
    expect(document.querySelectorAll(".target")).toHaveLength(1);

    // Following another permalink inside the thread moves the highlight.
    history.replaceState(null, "", "#comment-c1");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() => expect(article("c1").classList.contains("target")).toBe(true));
    expect(article("c4").classList.contains("target")).toBe(false);
    history.replaceState(null, "", "#");
  });

  it("loads further pages until the linked comment is there", async () => {
    history.replaceState(null, "", "#comment-far");
    const api = await renderApp({ ...nestedThread(), nextCursor: "p2" });
    api.routes["GET /api/v1/threads"] = (call) =>
      call.url.searchParams.get("cursor") === "p2"
        ? json(200, { ...threadOf([comment("mid", null, "Mid", "<p>m</p>")]), nextCursor: "p3" })
        : json(200, threadOf([comment("far", null, "Far", "<p>f</p>")]));
    await waitFor(() => expect(article("far")?.classList.contains("target")).toBe(true));
    expect(roots().slice(-2)).toEqual(["Mid", "Far"]);
    history.replaceState(null, "", "#");
  });
});
