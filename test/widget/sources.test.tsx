// Comments from the open web (issue #15): a Webmention, a Mastodon and a Bluesky reply in one
// thread with a native comment, each labelled with where it was written and a link to answer it
// there, nested as at their source, with the generated avatar and the remote name as text.
import { screen, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { CommentSource } from "../../shared/types.ts";
import { comment, threadOf } from "./fixtures.ts";
import { namesIn, renderApp } from "./render-app.tsx";

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const repliesOf = (id: string) => article(id).parentElement?.querySelector(":scope > ol") as HTMLElement;

const source = (kind: CommentSource["kind"], url: string, name: string, extra = {}): CommentSource => ({
  kind,
  url,
  author: { name, handle: null, url: null, ...extra },
});

/** A native root; a Mastodon reply under it, a Bluesky reply under that; a Webmention root. */
function mixedThread() {
  return threadOf([
    comment("n1", null, "Ann", "<p>Native comment</p>"),
    comment("m1", "n1", "Bob", "<p>From the fediverse</p>", {
      source: source("mastodon", "https://mastodon.example/@bob/111", "Bob on Mastodon", {
        handle: "@bob@mastodon.example",
        url: "https://mastodon.example/@bob",
      }),
    }),
    comment("b1", "m1", "Cy", "<p>From the sky</p>", {
      source: source("bluesky", "https://bsky.app/profile/cy.example/post/3k", "<b>Cy</b>", {
        handle: "cy.example",
      }),
    }),
    comment("w1", null, "Dee", "<p>Mentioned on a blog</p>", {
      source: source("webmention", "https://dee.example/2011/04/reply", "Dee's blog"),
    }),
  ]);
}

describe("comments from elsewhere", () => {
  it("labels each with its network, links there to read and to reply, and nests them as at the source", async () => {
    await renderApp(mixedThread());
    const roots = document.querySelector("ol.comments") as HTMLElement;
    expect(namesIn(roots)).toEqual(["Ann", "Dee's blog"]);
    expect(namesIn(repliesOf("n1"))).toEqual(["Bob on Mastodon"]);
    expect(namesIn(repliesOf("m1"))).toEqual(["<b>Cy</b>"]);

    const cases = [
      ["m1", "via Mastodon", "https://mastodon.example/@bob/111"],
      ["b1", "via Bluesky", "https://bsky.app/profile/cy.example/post/3k"],
      ["w1", "via Webmention", "https://dee.example/2011/04/reply"],
    ];
    for (const [id, label, url] of cases as [string, string, string][]) {
      const header = article(id).querySelector("header") as HTMLElement;
      for (const name of [label, "Reply there"]) {
        const link = within(header).getByRole("link", { name });
        expect(link.getAttribute("href"), `${id} ${name}`).toBe(url);
        expect(link.getAttribute("rel")).toBe("nofollow ugc noopener");
        expect(link.getAttribute("target")).toBe("_blank");
      }
    }
    // The native comment has neither.
    expect(within(article("n1")).queryByText(/^via /)).toBeNull();
    expect(within(article("n1")).queryByRole("link", { name: "Reply there" })).toBeNull();
  });

  it("shows the remote name as text, links it only to an http(s) profile, and loads no remote picture", async () => {
    await renderApp(mixedThread());
    const cy = article("b1").querySelector(".name") as HTMLElement;
    expect(cy.textContent).toBe("<b>Cy</b>");
    expect(cy.querySelector("b")).toBeNull();
    expect(cy.localName).toBe("span"); // no profile URL given
    const bob = article("m1").querySelector(".name") as HTMLElement;
    expect(bob.getAttribute("href")).toBe("https://mastodon.example/@bob");
    expect(bob.getAttribute("rel")).toBe("nofollow ugc noopener");
    expect(screen.getByRole("article", { name: "Comment by Bob on Mastodon" })).toBeTruthy();
    // The generated avatar, as for every reader: no <img>, nothing fetched from the networks.
    for (const id of ["n1", "m1", "b1", "w1"]) {
      expect(article(id).querySelector("header svg.avatar"), id).toBeTruthy();
    }
    expect(document.querySelector("img")).toBeNull();
  });

  it("does not link a source whose address is not http(s)", async () => {
    await renderApp(
      threadOf([
        comment("x1", null, "Eve", "<p>odd</p>", {
          source: source("mastodon", "javascript:alert(1)", "Eve", { url: "javascript:alert(2)" }),
        }),
      ]),
    );
    const header = article("x1").querySelector("header") as HTMLElement;
    expect(within(header).getByText("via Mastodon").hasAttribute("href")).toBe(false);
    expect(header.querySelector("[href^='javascript']")).toBeNull();
  });

  it("says where in the reader's language", async () => {
    await renderApp(mixedThread(), { lang: "de" });
    const header = article("m1").querySelector("header") as HTMLElement;
    expect(within(header).getByText("über Mastodon")).toBeTruthy();
    expect(within(header).getByText("Dort antworten")).toBeTruthy();
  });
});
