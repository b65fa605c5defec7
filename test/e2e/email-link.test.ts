// The sign-in link of an email code, in real Chromium: the link opens a page on the worker that
// signs nobody in until its button is pressed, and the button lands the reader back on the page
// they asked from with the token in the fragment (the page's CSP must let that redirect through).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

let browser: Browser;
let host: Server;
let pageUrl = "";

const asOperator = (path: string, init: RequestInit = {}) =>
  fetch(`${inject("workerUrl")}/api/v1/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
  });

beforeAll(async () => {
  const site = await asOperator("/sites", {
    method: "POST",
    body: JSON.stringify({ id: "linksite", name: "Link Blog", origins: ["http://localhost:*"] }),
  });
  expect(site.status).toBe(201);
  host = createServer((_req, out) => {
    out.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    out.end(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Back</title></head><body><h1>Back on the blog</h1></body></html>',
    );
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://localhost:${(host.address() as AddressInfo).port}/a-post/`;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

describe("the sign-in link of the mail", () => {
  it("shows a button, and the button sends the reader back signed in", async () => {
    const email = "linker@example.org";
    const asked = await fetch(`${inject("workerUrl")}/api/v1/auth/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: new URL(pageUrl).origin },
      body: JSON.stringify({ site: "linksite", email, url: pageUrl }),
    });
    expect(asked.status).toBe(202);
    let link = "";
    await expect
      .poll(async () => {
        const { mails } = (await (await asOperator("/outbox?site=linksite")).json()) as { mails: any[] };
        link = mails.find((m) => m.to === email)?.text.match(/link: (\S+)/)?.[1] ?? "";
        return link;
      })
      .toContain("/api/v1/auth/email/confirm?");

    const page = await (await browser.newContext()).newPage();
    await page.goto(link);
    await expect.poll(() => page.getByRole("button", { name: "Sign in" }).count()).toBe(1);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/confab-signin=/, { timeout: 15_000 });
    expect(await page.getByRole("heading").textContent()).toBe("Back on the blog");
    const url = new URL(page.url());
    expect(`${url.origin}${url.pathname}`).toBe(pageUrl);
    const token = url.hash.match(/^#confab-signin=([A-Za-z0-9_-]{43})$/)?.[1] ?? "";
    const me = await fetch(`${inject("workerUrl")}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).identity).toMatchObject({ verified: "email", email });
  });
});
