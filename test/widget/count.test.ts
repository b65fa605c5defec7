import { afterEach, describe, expect, it, vi } from "vitest";
import { API, json } from "./fake-api.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, "currentScript");
  document.body.innerHTML = "";
  document.head.innerHTML = "";
  document.documentElement.lang = "";
});

/** Runs count.ts as if `<script src=…/count.js data-site=demo>` had loaded; returns the requests. */
async function runCount(answer: (url: URL) => Response | Promise<Response>): Promise<URL[]> {
  const requests: URL[] = [];
  vi.stubGlobal("fetch", async (input: string) => {
    const url = new URL(input);
    requests.push(url);
    return answer(url);
  });
  const script = document.createElement("script");
  script.src = `${API}/count.js`;
  script.dataset.site = "demo";
  Object.defineProperty(document, "currentScript", { configurable: true, get: () => script });
  vi.resetModules();
  await import("../../widget/src/count.ts");
  await new Promise((r) => setTimeout(r, 10));
  return requests;
}

describe("count.js", () => {
  it("fills every counter on the page from one request, keyed as each was given", async () => {
    document.documentElement.lang = "de";
    document.head.innerHTML = '<link rel="canonical" href="https://blog.example.com/this-post">';
    document.body.innerHTML = `
      <a id="a" data-confab-count data-url="https://blog.example.com/a">?</a>
      <a id="b" data-confab-count data-url="https://blog.example.com/b">?</a>
      <a id="a2" data-confab-count data-url="https://blog.example.com/a">?</a>
      <span id="p" data-confab-count data-page-id="post-42">?</span>
      <span id="here" data-confab-count>?</span>
      <span id="unknown" data-confab-count data-url="https://blog.example.com/never">kept</span>`;
    const requests = await runCount(() =>
      json(200, {
        counts: {
          "https://blog.example.com/a": 16,
          "https://blog.example.com/b": 1234,
          "post-42": 0,
          "https://blog.example.com/this-post": 3,
        },
      }),
    );
    expect(requests).toHaveLength(1);
    const [url] = requests as [URL];
    expect(url.origin + url.pathname).toBe(`${API}/api/v1/counts`);
    expect(url.searchParams.get("site")).toBe("demo");
    expect(url.searchParams.getAll("url")).toEqual([
      "https://blog.example.com/a",
      "https://blog.example.com/b",
      "https://blog.example.com/this-post",
      "https://blog.example.com/never",
    ]);
    expect(url.searchParams.getAll("pageId")).toEqual(["post-42"]);
    const text = (id: string) => document.getElementById(id)?.textContent;
    expect(["a", "b", "a2", "p", "here", "unknown"].map(text)).toEqual([
      "16",
      "1.234",
      "16",
      "0",
      "3",
      "kept",
    ]);
  });

  it("leaves the page as it was when the server cannot answer, and asks nothing without counters", async () => {
    document.body.innerHTML = '<span id="x" data-confab-count data-url="https://blog.example.com/a">–</span>';
    await runCount(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(document.getElementById("x")?.textContent).toBe("–");

    document.body.innerHTML = "<p>No counters here</p>";
    expect(await runCount(() => json(200, { counts: {} }))).toHaveLength(0);
  });
});

describe("count.js, latest comments", () => {
  const answer = {
    comments: [
      {
        id: "c9",
        author: { name: "Ann" },
        html: '<p>Great <em>post</em> <img src=x onerror="window.hacked=1"></p>',
        page: { url: "https://blog.example.com/a#old", title: "Post A" },
      },
      { id: "c8", author: null, html: `<p>${"long ".repeat(40)}</p>`, page: { url: null, title: null } },
      {
        id: "c7",
        author: { name: "Bob" },
        html: "<p>third</p>",
        page: { url: "https://blog.example.com/b", title: null },
      },
    ],
  };

  it("fills each [data-confab-latest] box from one request, as text, with links to the comments", async () => {
    document.body.innerHTML = `
      <div id="two" data-confab-latest data-limit="2">loading</div>
      <div id="all" data-confab-latest data-limit="3"></div>`;
    const requests = await runCount(() => json(200, answer));
    expect(requests).toHaveLength(1);
    const [url] = requests as [URL];
    expect(url.origin + url.pathname).toBe(`${API}/api/v1/latest`);
    expect([url.searchParams.get("site"), url.searchParams.get("limit")]).toEqual(["demo", "3"]);
    const items = (id: string) => Array.from(document.querySelectorAll(`#${id} ol.confab-latest > li`));
    expect(items("two")).toHaveLength(2);
    expect(items("all")).toHaveLength(3);
    const [first, second] = items("all") as [HTMLElement, HTMLElement];
    expect(first.querySelector("b")?.textContent).toBe("Ann");
    const link = first.querySelector("a") as HTMLAnchorElement;
    expect(link.textContent).toBe("Great post");
    expect(link.getAttribute("href")).toBe("https://blog.example.com/a#comment-c9");
    expect(link.title).toBe("Post A");
    // Never markup: no image, no handler.
    expect(document.querySelector("#all img")).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();
    expect(second.querySelector("b")?.textContent).toBe("Anonymous");
    expect([...(second.querySelector("a")?.textContent ?? "")]).toHaveLength(140);
    expect(second.querySelector("a")?.hasAttribute("href")).toBe(false);
  });

  it("asks for 5 by default, at most 50, and leaves the box as it was when the server fails", async () => {
    document.body.innerHTML =
      '<div id="box" data-confab-latest>kept</div><div data-confab-latest data-limit="999"></div>';
    const requests = await runCount(() => json(500, { error: { code: "internal", message: "x" } }));
    expect(requests.map((u) => u.searchParams.get("limit"))).toEqual(["50"]);
    expect(document.getElementById("box")?.textContent).toBe("kept");
    document.body.innerHTML = "<div data-confab-latest></div>";
    const again = await runCount(() => json(200, { comments: [] }));
    expect(again.map((u) => u.searchParams.get("limit"))).toEqual(["5"]);
  });
});
