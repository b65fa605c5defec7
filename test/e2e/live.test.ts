// Live threads end to end: two readers in two browser contexts on one host page (another origin),
// the real worker under `wrangler dev` with the thread's Durable Object. One reader posts and the
// other is offered it within 2 s; a moderator approves a held comment and both get it; a deleted
// comment disappears from both.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";
import { axe } from "./widget-helpers.ts";

let browser: Browser;
let host: Server;
let pageUrl = "";
const contexts: BrowserContext[] = [];
const admin = (path: string, method: string, body?: unknown) =>
  fetch(`${inject("workerUrl")}/api/v1/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  const workerUrl = inject("workerUrl");
  // Its own site: comments with a link are held for a moderator.
  const res = await admin("/sites", "POST", {
    id: "livesite",
    name: "Live Blog",
    origins: ["http://localhost:*"],
    moderation: "links",
    minSubmitMs: 0,
    rateLimitPerMinute: 0,
    rateLimitPerHour: 0,
  });
  expect(res.status).toBe(201);
  host = createServer((_req, out) => {
    out.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    out.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live post</title></head>
<body><h1>Live post</h1><div id="comments"></div>
<script src="${workerUrl}/embed.js" data-site="livesite" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://localhost:${(host.address() as AddressInfo).port}/live-post`;
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

async function reader(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  // Resolves once the live socket is open: nothing said before that could be heard.
  const socket = page.waitForEvent("websocket", (ws) => ws.url().includes("/api/v1/live?"));
  await page.goto(pageUrl);
  await page.locator("#comments h2").waitFor({ timeout: 15_000 });
  await socket;
  return { page, errors };
}

const newButton = (page: Page) => page.locator("#comments .live button");
const article = (page: Page, text: string) => page.locator("#comments article.comment", { hasText: text });
const bodies = (page: Page) => page.locator("#comments article.comment .body").allTextContents();

describe("live threads", () => {
  it("offers one reader's comment to the other, pushes approvals and deletions to both", async () => {
    const a = await reader();
    const b = await reader();
    // Give the socket a moment past its open, then post as A.
    const form = a.page.locator("#comments form").last();
    await form.getByLabel("Name").fill("Ann");
    await form.getByLabel("Comment", { exact: true }).fill("Hello from Ann.");
    const answered = a.page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/comments") && r.status() === 201,
    );
    await form.getByRole("button", { name: "Post comment" }).click();
    await answered;
    const start = Date.now();
    await newButton(b.page).filter({ hasText: "1 new comment" }).waitFor({ timeout: 2000 });
    expect(Date.now() - start).toBeLessThan(2000);
    // Nothing moved for B until it asks; its count is current.
    expect(await bodies(b.page)).toEqual([]);
    await expect.poll(() => b.page.locator("#comments h2").textContent()).toBe("1 comment");
    expect(await axe(b.page)).toEqual([]);
    await newButton(b.page).click();
    await article(b.page, "Hello from Ann.").waitFor({ timeout: 2000 });
    expect(await article(b.page, "Hello from Ann.").getAttribute("data-new")).toBe("new");
    expect(await newButton(b.page).count()).toBe(0);
    // A's own comment is there once, counted once (its socket may hear it before the answer),
    // and A is offered nothing.
    expect(await article(a.page, "Hello from Ann.").count()).toBe(1);
    expect(await a.page.locator("#comments h2").textContent()).toBe("1 comment");
    expect(await newButton(a.page).count()).toBe(0);

    // A held comment (it has a link) reaches nobody until a moderator approves it.
    const posted = await fetch(`${inject("workerUrl")}/api/v1/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: new URL(pageUrl).origin },
      body: JSON.stringify({
        site: "livesite",
        url: pageUrl,
        author: { name: "Linker" },
        text: "See https://example.com/held for more.",
      }),
    });
    expect(posted.status).toBe(201);
    const held = ((await posted.json()) as { comment: { id: string; status: string } }).comment;
    expect(held.status).toBe("pending");
    await new Promise((r) => setTimeout(r, 1000));
    expect(await newButton(a.page).count()).toBe(0);
    expect(await newButton(b.page).count()).toBe(0);
    expect((await admin(`/comments/${held.id}`, "PATCH", { status: "approved" })).status).toBe(200);
    for (const r of [a, b]) {
      await newButton(r.page).filter({ hasText: "1 new comment" }).waitFor({ timeout: 2000 });
      await newButton(r.page).click();
      await article(r.page, "See https://example.com/held").waitFor({ timeout: 2000 });
      await expect.poll(() => r.page.locator("#comments h2").textContent()).toBe("2 comments");
    }

    // A moderator deletes Ann's comment: gone from both, in place, without a click.
    const ann = (await article(b.page, "Hello from Ann.").getAttribute("id"))?.replace("comment-", "");
    expect((await admin(`/comments/${ann}`, "PATCH", { status: "deleted" })).status).toBe(200);
    for (const r of [a, b]) {
      await article(r.page, "Hello from Ann.").waitFor({ state: "detached", timeout: 2000 });
      await expect.poll(() => r.page.locator("#comments h2").textContent()).toBe("1 comment");
    }
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
