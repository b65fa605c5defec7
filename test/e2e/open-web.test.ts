// One thread from four places (issue #15): a native comment, a Webmention from another blog, a
// Mastodon reply with a reply under it, and a Bluesky reply, each labelled with where it was
// written, nested as at its source, with reactions on the page and on a comment. The worker is the
// real one under `wrangler dev`; the Webmention source is a page served here, and Mastodon and
// Bluesky are the fake public APIs of test/fakes/social-servers.ts the worker is configured with.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BSKY_DID, bskyPost, MASTODON_HOST, postUri, status } from "../fixtures/social.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";
import { heading, open, post, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

const PATH = "/open-web";
const worker = () => inject("workerUrl");
const target = () => `${inject("hostUrl")}${PATH}`;
const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${worker()}/api/v1/admin${path}`, {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const thread = async () =>
  (await (
    await fetch(`${worker()}/api/v1/threads?site=demo&url=${encodeURIComponent(target())}`, {
      headers: { Origin: new URL(inject("hostUrl")).origin },
    })
  ).json()) as { comments: { id: string; parentId: string | null; source?: { kind: string } }[] };

/** Approves whatever the demo site's moderation held on this page (a first Webmention is held). */
async function approveHeld(): Promise<void> {
  const held = (await (await admin("/comments?site=demo&status=pending&limit=100")).json()) as {
    comments: { id: string }[];
  };
  const ids = held.comments.map((c) => c.id);
  if (ids.length > 0)
    expect(
      (await admin("/comments/bulk", { method: "POST", body: { ids, status: "approved" } })).status,
    ).toBe(200);
}

// The other blog: one post whose h-entry replies to our page.
let blog: Server;
let blogUrl = "";
beforeAll(async () => {
  blog = createServer((req, res) => {
    if (req.url !== "/2026/12/re-open-web") return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html>
<article class="h-entry">
  <a class="u-in-reply-to" href="${target()}">In reply to</a>
  <a class="p-author h-card" href="${blogUrl}/">Dee Blogger</a>
  <div class="e-content"><p>Written on my own blog, about this page.</p></div>
  <a class="u-url" href="${blogUrl}/2026/12/re-open-web">permalink</a>
</article>`);
  });
  await new Promise<void>((resolve) => blog.listen(0, "127.0.0.1", resolve));
  blogUrl = `http://127.0.0.1:${(blog.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => blog.close(() => resolve())));

describe("comments from the open web in one thread", () => {
  it("shows a native comment, a Webmention, a Mastodon and a Bluesky reply, labelled and nested, with reactions", {
    timeout: 120_000,
  }, async () => {
    const social = inject("socialUrl");
    const native = await post(PATH, "Ann", "Written here, under the post.");

    // Mastodon: the linked post (id 9001) has a reply, which has a reply of its own.
    await fetch(`${social}/__mastodon/9001`, {
      method: "PUT",
      body: JSON.stringify({
        descendants: [
          status({
            id: "9002",
            inReplyTo: "9001",
            user: "bob",
            displayName: "Bob",
            content: "<p>From the fediverse.</p>",
          }),
          status({
            id: "9003",
            inReplyTo: "9002",
            user: "eve",
            displayName: "Eve",
            content: "<p>Replying to Bob there.</p>",
          }),
        ],
      }),
    });
    // Bluesky: the linked post has one reply.
    await fetch(`${social}/__bsky/handle/writer.example`, {
      method: "PUT",
      body: JSON.stringify({ did: BSKY_DID }),
    });
    await fetch(`${social}/__bsky/thread`, {
      method: "PUT",
      body: JSON.stringify({
        uri: postUri(BSKY_DID, "3kopenweb"),
        thread: bskyPost({
          did: BSKY_DID,
          handle: "writer.example",
          rkey: "3kopenweb",
          text: "New post: open web",
          replies: [
            bskyPost({
              did: "did:plc:cycycycycycycycycycycycy",
              handle: "cy.example",
              name: "Cy",
              rkey: "3kreply1",
              text: "From the sky.",
            }),
          ],
        }),
      }),
    });
    // A moderator links the page's thread to both posts; the worker pulls them after its answer.
    const linked = await admin("/threads", {
      method: "POST",
      body: {
        site: "demo",
        url: target(),
        social: [
          { kind: "mastodon", url: `https://${MASTODON_HOST}/@writer/9001` },
          { kind: "bluesky", url: "https://bsky.app/profile/writer.example/post/3kopenweb" },
        ],
      },
    });
    expect(linked.status).toBe(200);

    // The other blog sends its Webmention; the worker verifies it on its queue.
    // Other browser tests add sites on the same localhost origin: the endpoint names the site.
    const sent = await fetch(`${worker()}/api/v1/webmention?site=demo`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ source: `${blogUrl}/2026/12/re-open-web`, target: target() }),
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    const statusUrl = sent.headers.get("Location") ?? "";
    await expect
      .poll(async () => ((await (await fetch(statusUrl)).json()) as { status: string }).status, {
        timeout: 30_000,
      })
      .toBe("accepted");

    // Everything the demo site's moderation held is approved, as a moderator would.
    const kinds = async () => {
      await approveHeld();
      return (await thread()).comments.map((c) => c.source?.kind ?? "native").sort();
    };
    await expect
      .poll(kinds, { timeout: 30_000, interval: 500 })
      .toEqual(["bluesky", "mastodon", "mastodon", "native", "webmention"]);

    const { comments } = await thread();
    const byKind = (kind: string) => comments.filter((c) => c.source?.kind === kind);
    const [bob, eve] = byKind("mastodon");
    expect(eve?.parentId).toBe(bob?.id);
    expect(bob?.parentId).toBeNull();

    const { page, errors } = await open(browser, PATH);
    await heading(page, "#comments", "5 comments");
    const widget = page.locator("#comments");
    const article = (id: string | undefined) => widget.locator(`#comment-${id}`);
    // Native: no label. The others: "via <network>" and a "Reply there" link to the original post.
    expect(await article(native.id).getByRole("link", { name: /^via / }).count()).toBe(0);
    for (const [kind, label, href] of [
      ["webmention", "via Webmention", `${blogUrl}/2026/12/re-open-web`],
      ["mastodon", "via Mastodon", `https://${MASTODON_HOST}/@bob/9002`],
      ["bluesky", "via Bluesky", "https://bsky.app/profile/cy.example/post/3kreply1"],
    ] as const) {
      const one = article(byKind(kind)[0]?.id);
      const via = one.getByRole("link", { name: label });
      expect(await via.getAttribute("href")).toBe(href);
      expect(await via.getAttribute("rel")).toBe("nofollow ugc noopener");
      expect(await one.getByRole("link", { name: "Reply there" }).getAttribute("href")).toBe(href);
    }
    expect(await article(byKind("webmention")[0]?.id).locator(".name").textContent()).toBe("Dee Blogger");
    // Eve's reply sits in Bob's replies, as on Mastodon.
    const nested = await page.evaluate(
      ([b, e]) => {
        const root = document.querySelector("#comments")?.shadowRoot;
        // A missing root, Bob or Eve is false too (optional chaining gives undefined, not null).
        return Boolean(
          root?.getElementById(`comment-${b}`)?.parentElement?.querySelector(`:scope > ol #comment-${e}`),
        );
      },
      [bob?.id, eve?.id],
    );
    expect(nested).toBe(true);
    // No image from Mastodon or Bluesky is loaded: the avatars are the generated ones.
    const remoteImages = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((e) => e.name)
        .filter((n) => /social\.example|bsky|cdn\./.test(n)),
    );
    expect(remoteImages).toEqual([]);

    // Reactions: one on the page, one on the Bluesky reply.
    const pageBar = widget.getByRole("group", { name: "Reactions to this page" });
    const thumbs = pageBar.getByRole("button", { name: /^React with 👍/ });
    await thumbs.click();
    await expect.poll(() => thumbs.getAttribute("aria-pressed")).toBe("true");
    const sky = article(byKind("bluesky")[0]?.id);
    await sky.getByRole("button", { name: "React", exact: true }).click();
    const party = sky.getByRole("button", { name: /^React with 🎉/ });
    await party.click();
    await expect.poll(() => party.getAttribute("aria-pressed")).toBe("true");
    // A reload shows both counts from the server.
    await page.reload();
    await heading(page, "#comments", "5 comments");
    await expect
      .poll(() => pageBar.getByRole("button", { name: /^React with 👍/ }).getAttribute("aria-label"))
      .toBe("React with 👍, 1 reaction");
    await expect
      .poll(() =>
        article(byKind("bluesky")[0]?.id)
          .getByRole("button", { name: /^React with 🎉/ })
          .getAttribute("aria-label"),
      )
      .toBe("React with 🎉, 1 reaction");
    await page.screenshot({ path: "/tmp/confab-shots/open-web.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
