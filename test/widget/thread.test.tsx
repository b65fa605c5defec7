import { fireEvent, screen, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { comment, nestedThread, threadOf } from "./fixtures.ts";
import { namesIn, renderApp } from "./render-app.tsx";

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
/** The list of replies right under a comment's article. */
const repliesOf = (id: string) => article(id).parentElement?.querySelector(":scope > ol") as HTMLElement;

describe("thread rendering", () => {
  it("asks for the page's thread once and draws three nested levels in server order", async () => {
    const api = await renderApp(nestedThread());

    expect(api.calls).toHaveLength(1);
    const [call] = api.calls;
    expect(call?.method).toBe("GET");
    expect(call?.url.pathname).toBe("/api/v1/threads");
    expect(call?.url.searchParams.get("site")).toBe("demo");
    expect(call?.url.searchParams.get("url")).toBe("https://blog.example.com/2011/04/01/late-night/");

    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("8 comments");
    const roots = document.querySelector("ol.comments") as HTMLElement;
    expect(namesIn(roots)).toEqual(["WomanVoter", "bostonboomer", "mjames", "Minkoff Minx"]);
    expect(namesIn(repliesOf("c2"))).toEqual(["WomanVoter"]);
    expect(repliesOf("c3").contains(article("c4"))).toBe(true);
    expect(namesIn(repliesOf("c3"))).toEqual(["bostonboomer"]);
    expect(namesIn(repliesOf("c5"))).toEqual(["boogieman7167", "bostonboomer"]);
    expect(repliesOf("c1")).toBeNull();
    expect(article("c4").textContent).toContain("Agreed, we will be very surprised.");
    expect(repliesOf("c2").getAttribute("aria-label")).toBe("Replies to bostonboomer");
  });

  it("pluralises the heading", async () => {
    await renderApp(threadOf([comment("a", null, "Ann", "<p>hi</p>")]));
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("1 comment");
  });

  it("says so when nobody has commented yet", async () => {
    await renderApp(threadOf([], { id: null, title: null }));
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("No comments yet");
    expect(document.querySelector("ol.comments")).toBeNull();
    expect(screen.getByRole("form", { name: "Leave a comment" })).toBeTruthy();
  });

  it("uses the page id instead of the URL when one is given", async () => {
    const api = await renderApp(nestedThread(), { pageId: "post-42", sort: "newest" });
    const query = api.calls[0]?.url.searchParams;
    expect(query?.get("pageId")).toBe("post-42");
    expect(query?.has("url")).toBe(false);
    expect(query?.get("sort")).toBe("newest");
  });

  it("shows author details as text, links websites safely and marks up the time", async () => {
    await renderApp(
      threadOf([
        comment("a", null, `<b>Bold</b> "Quote" <img src=x onerror=alert(1)>`, "<p>one</p>"),
        comment("b", null, "Ann", "<p>two</p>", {
          author: {
            name: "Ann",
            website: "https://ann.example/",
            avatar: "a1",
            isModerator: true,
            verified: null,
          },
          editedAt: "2011-04-01T07:00:00.000Z",
        }),
        comment("c", null, "Eve", "<p>three</p>", {
          author: {
            name: "Eve",
            website: "javascript:alert(1)",
            avatar: "e1",
            isModerator: false,
            verified: null,
          },
        }),
        comment("d", null, "", "<p>four</p>"),
        comment("e", null, "", "<p>five</p>", {
          author: {
            name: `<i>Ital</i>"><script>x()</script>`,
            website: "https://e.example/",
            avatar: "e2",
            isModerator: false,
            verified: null,
          },
        }),
      ]),
    );

    const a = article("a");
    expect(a.querySelector(".name")?.textContent).toBe(`<b>Bold</b> "Quote" <img src=x onerror=alert(1)>`);
    expect(a.querySelector("b, img")).toBeNull();

    const link = within(article("b")).getByRole("link", { name: "Ann" });
    expect(link.getAttribute("href")).toBe("https://ann.example/");
    expect(link.getAttribute("rel")).toBe("nofollow ugc noopener");
    expect(article("b").textContent).toContain("Moderator");
    expect(article("b").textContent).toContain("(edited)");

    expect(article("c").querySelector("a.name")).toBeNull();
    expect(article("c").querySelector(".name")?.textContent).toBe("Eve");

    expect(article("d").querySelector(".name")?.textContent).toBe("Anonymous");
    expect(article("d").getAttribute("aria-label")).toBe("Comment by Anonymous");

    const linked = within(article("e")).getByRole("link", { name: /Ital/ });
    expect(linked.textContent).toBe(`<i>Ital</i>"><script>x()</script>`);
    expect(article("e").querySelector("i, script")).toBeNull();

    // Relative for reading, absolute in the tooltip and machine-readable in datetime.
    const time = article("a").querySelector("time") as HTMLTimeElement;
    expect(time.getAttribute("datetime")).toMatch(/^2011-04-01T06:\d\d:00.000Z$/);
    expect(time.textContent).toMatch(/^\d+ years ago$/);
    expect(time.getAttribute("title")).toMatch(/^April 1, 2011 at \d+:\d\d [AP]M$/);
    // The time links to the comment itself: its permalink.
    expect(time.parentElement?.getAttribute("href")).toBe("#comment-a");
  });

  it("draws the same identicon for the same seed and another for another seed, fetching nothing", async () => {
    const withSeed = (id: string, avatar: string) =>
      comment(id, null, "Ann", "<p>x</p>", {
        author: { name: "Ann", website: null, avatar, isModerator: false, verified: null },
      });
    const api = await renderApp(threadOf([withSeed("a", "s1"), withSeed("b", "s1"), withSeed("c", "s2")]));
    const svg = (id: string) => article(id).querySelector("svg.avatar") as SVGElement;
    expect(svg("a").outerHTML).toBe(svg("b").outerHTML);
    expect(svg("a").outerHTML).not.toBe(svg("c").outerHTML);
    expect(svg("a").getAttribute("aria-hidden")).toBe("true");
    expect(svg("a").querySelector("path")?.getAttribute("d")).toMatch(/^(M\d \dh1v1h-1z)+$/);
    expect(svg("a").querySelector("path")?.getAttribute("fill")).toMatch(/^hsl\(\d+ 55% 45%\)$/);
    expect(document.querySelector("img, image, [href^='http'] svg")).toBeNull();
    expect(api.calls.map((c) => c.url.pathname)).toEqual(["/api/v1/threads"]);
  });

  it("passes the server's html through the allowlist before inserting it", async () => {
    await renderApp(
      threadOf([
        comment(
          "x",
          null,
          "Mallory",
          `<p onclick="steal()">Hi <a href="javascript:alert(1)">click</a> <img src=x onerror="alert(1)"><script>alert(2)</script><em>ok</em></p>`,
        ),
      ]),
    );
    const body = article("x").querySelector(".body") as HTMLElement;
    expect(body.innerHTML).toBe(
      '<p>Hi <a rel="nofollow ugc noopener noreferrer" target="_blank">click</a> <em>ok</em></p>',
    );
  });

  it("shows a deleted comment as a placeholder that keeps its replies", async () => {
    await renderApp(
      threadOf([
        comment("gone", null, "", "", { author: null, status: "deleted" }),
        comment("r1", "gone", "Ann", "<p>still here</p>"),
      ]),
    );
    expect(article("gone").textContent).toBe("This comment was deleted.");
    expect(article("gone").getAttribute("aria-label")).toBe("This comment was deleted.");
    expect(within(article("gone")).queryByRole("button", { name: "Reply" })).toBeNull();
    expect(repliesOf("gone").contains(article("r1"))).toBe(true);
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("1 comment");
  });

  it("caps the indent at four levels and names the parent of deeper replies", async () => {
    const chain = ["d0", "d1", "d2", "d3", "d4", "d5", "d6"].map((id, i) =>
      comment(id, i === 0 ? null : `d${i - 1}`, `Person ${i}`, `<p>level ${i}</p>`),
    );
    await renderApp(threadOf(chain));

    for (const id of ["d0", "d1", "d2", "d3"]) expect(repliesOf(id).className).toBe("replies");
    expect(repliesOf("d4").className).toBe("replies flat");
    expect(repliesOf("d5").className).toBe("replies flat");
    for (const id of ["d0", "d1", "d2", "d3", "d4"])
      expect(article(id).textContent).not.toContain("replying to");
    expect(article("d5").textContent).toContain("replying to Person 4");
    expect(article("d6").textContent).toContain("replying to Person 5");
    const link = within(article("d6")).getByRole("link", { name: "replying to Person 5" });
    expect(link.getAttribute("href")).toBe("#comment-d5");
  });

  it("opens one reply form at a time and closes it with Cancel", async () => {
    await renderApp(nestedThread());
    fireEvent.click(within(article("c1")).getByRole("button", { name: "Reply" }));
    expect(screen.getByRole("form", { name: "Reply to WomanVoter" })).toBeTruthy();

    fireEvent.click(within(article("c4")).getByRole("button", { name: "Reply" }));
    expect(screen.queryByRole("form", { name: "Reply to WomanVoter" })).toBeNull();
    const form = screen.getByRole("form", { name: "Reply to bostonboomer" });
    expect(within(article("c4")).getByRole("button", { name: "Reply" }).getAttribute("aria-expanded")).toBe(
      "true",
    );
    expect(document.activeElement).toBe(within(form).getByLabelText("Comment"));

    fireEvent.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form", { name: "Reply to bostonboomer" })).toBeNull();
    expect(screen.getAllByRole("form")).toHaveLength(1);
  });

  it("hides every form on a locked thread and says comments are closed", async () => {
    await renderApp({ ...nestedThread(), thread: { ...nestedThread().thread, locked: true } });
    expect(screen.getByText("Comments are closed.")).toBeTruthy();
    expect(screen.queryAllByRole("form")).toHaveLength(0);
    expect(screen.queryAllByRole("button", { name: "Reply" })).toHaveLength(0);
    expect(article("c4").textContent).toContain("Agreed");
  });
});
