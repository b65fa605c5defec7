// Moderation end to end in real Chromium: a site in `first` mode, a new author posting through the
// widget on a host page, a second reader who must not see the held comment, a moderator approving
// it in /admin, and the author's next comment appearing at once.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

let browser: Browser;
let host: Server;
let hostUrl = "";

beforeAll(async () => {
  const workerUrl = inject("workerUrl");
  const res = await fetch(`${workerUrl}/api/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      id: "modsite",
      name: "Moderated Blog",
      origins: ["http://localhost:*"],
      moderation: "first",
      minSubmitMs: 0,
      rateLimitPerMinute: 0,
      rateLimitPerHour: 0,
    }),
  });
  expect(res.status).toBe(201);
  // Its own host page, on yet another origin, holding only the embed snippet for this site.
  host = createServer((_req, out) => {
    out.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    out.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moderated post</title></head>
<body><h1>Moderated post</h1><div id="comments"></div>
<script src="${workerUrl}/embed.js" data-site="modsite" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/moderated-post`;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

const heading = (page: Page) => page.locator("#comments h2").textContent();
const bodies = (page: Page) => page.locator("#comments article.comment .body").allTextContents();

async function postAs(page: Page, name: string, email: string, text: string) {
  const form = page.locator("#comments form").last();
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/^Email/).fill(email);
  await form.getByLabel("Comment", { exact: true }).fill(text);
  await form.getByRole("button", { name: "Post comment" }).click();
}

describe("moderation mode first, end to end", () => {
  it("holds a new author, lets a moderator approve in /admin, and never trusts a typed address", async () => {
    const author = await (await browser.newContext()).newPage();
    await author.goto(hostUrl);
    await expect.poll(() => heading(author), { timeout: 15_000 }).toBe("No comments yet");
    await postAs(author, "Newbie", "newbie@example.com", "My very first comment here");
    await expect
      .poll(() => author.locator("#comments").getByText("awaiting moderation").count())
      .toBeGreaterThan(0);

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(hostUrl);
    await expect.poll(() => heading(reader), { timeout: 15_000 }).toBe("No comments yet");
    expect(await bodies(reader)).toEqual([]);

    const moderator = await (await browser.newContext()).newPage();
    await moderator.goto(`${inject("workerUrl")}/admin`);
    await moderator.getByLabel("Admin token").fill(ADMIN_TOKEN);
    await moderator.getByRole("button", { name: "Sign in" }).click();
    const row = moderator.getByRole("listitem", { name: "Comment by Newbie" });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain("first comment by this author");
    await row.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => moderator.getByRole("listitem", { name: "Comment by Newbie" }).count()).toBe(0);

    await reader.reload();
    await expect.poll(() => heading(reader), { timeout: 15_000 }).toBe("1 comment");
    expect(await bodies(reader)).toEqual(["My very first comment here"]);

    await author.reload();
    await expect.poll(() => heading(author), { timeout: 15_000 }).toBe("1 comment");
    // Anonymous, the same name and address prove nothing: only a signed-in author's approval
    // lets their next comment through (docs/identity.md), so this one waits too.
    await postAs(author, "Newbie", "newbie@example.com", "Second comment, still held");
    await expect
      .poll(() => author.locator("#comments").getByText("awaiting moderation").count())
      .toBeGreaterThan(0);
    await reader.reload();
    await expect.poll(() => heading(reader), { timeout: 15_000 }).toBe("1 comment");
    expect(await bodies(reader)).toEqual(["My very first comment here"]);
  });
});
