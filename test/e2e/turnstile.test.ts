// Turnstile end to end in real Chromium: a site with Turnstile keys, the widget on a host page
// under the CSP docs/widget.md asks for, Cloudflare's api.js replaced (by request interception) with
// a small fake that issues tokens, and the real worker verifying them against the local fake
// siteverify of global-setup.ts. No request leaves the machine: any other outside request is
// aborted and fails the test.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";
import { PASS, TURNSTILE_SECRET, type Verification } from "./fake-siteverify.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

const SITE = "turnsite";
const SITE_KEY = "e2e-turnstile-site-key";
const API_JS = "https://challenges.cloudflare.com/turnstile/v0/api.js";

let browser: Browser;
let host: Server;
let hostUrl = "";

beforeAll(async () => {
  const workerUrl = inject("workerUrl");
  const res = await fetch(`${workerUrl}/api/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      id: SITE,
      name: "Turnstile Blog",
      origins: ["http://localhost:*"],
      turnstileSiteKey: SITE_KEY,
      turnstileSecret: TURNSTILE_SECRET,
      minSubmitMs: 0,
      rateLimitPerMinute: 0,
      rateLimitPerHour: 0,
    }),
  });
  expect(res.status).toBe(201);
  // Every path is its own thread; the page allows what docs/widget.md lists, and nothing more.
  host = createServer((_req, out) => {
    const turnstile = "https://challenges.cloudflare.com";
    out.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `default-src 'none'; script-src ${workerUrl} ${turnstile}; frame-src ${turnstile}; connect-src ${workerUrl}; style-src 'none'`,
    });
    out.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Turnstile post</title></head>
<body><h1>Turnstile post</h1><div id="comments"></div>
<script src="${workerUrl}/embed.js" data-site="${SITE}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

/**
 * The fake api.js: `window.turnstile` whose challenges solve themselves a moment after render and
 * after each reset, with a new token every time, starting with `prefix`. It records its calls.
 */
const fakeClient = (prefix: string) => `(() => {
  const log = { render: [], reset: [], remove: [], tokens: [] };
  const widgets = new Map();
  let n = 0;
  const issue = (id) => setTimeout(() => {
    const options = widgets.get(id);
    if (!options) return;
    const token = ${JSON.stringify(prefix)} + id + "." + log.tokens.length + "." + Math.random().toString(36).slice(2);
    log.tokens.push(token);
    options.callback(token);
  }, 50);
  window.fakeTurnstile = log;
  window.turnstile = {
    render(container, options) {
      const id = "w" + ++n;
      widgets.set(id, options);
      log.render.push({ id, sitekey: options.sitekey, theme: options.theme, form: container.closest("form")?.getAttribute("aria-label") });
      container.textContent = "(fake Turnstile)";
      issue(id);
      return id;
    },
    reset(id) { log.reset.push(id); issue(id); },
    remove(id) { log.remove.push(id); widgets.delete(id); },
  };
})();`;

interface FakeLog {
  render: { id: string; sitekey: string; theme: string; form: string }[];
  reset: string[];
  remove: string[];
  tokens: string[];
}

/** A page of the host whose api.js requests get the fake issuing `prefix` tokens. */
async function openPage(path: string, prefix: string) {
  const page = await (await browser.newContext()).newPage();
  const scripts: string[] = [];
  const outside: string[] = [];
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${API_JS}?`) || url === API_JS) {
      scripts.push(url);
      return route.fulfill({ status: 200, contentType: "text/javascript", body: fakeClient(prefix) });
    }
    if (["localhost", "127.0.0.1"].includes(new URL(url).hostname)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto(hostUrl + path);
  await expect.poll(() => heading(page), { timeout: 15_000 }).toBe("No comments yet");
  return { page, scripts, outside, errors };
}

const heading = (page: Page) => page.locator("#comments h2").textContent();
const fake = (page: Page) =>
  page.evaluate(() => (window as unknown as { fakeTurnstile: FakeLog }).fakeTurnstile);
const topForm = (page: Page) => page.locator("#comments").getByRole("form", { name: "Leave a comment" });
const siteverifyLog = async () =>
  (await (await fetch(`${inject("siteverifyUrl")}/__log`)).json()) as Verification[];

describe("Turnstile in the widget, verified by the worker", () => {
  it("posts with a fresh token each time; siteverify sees each token once", async () => {
    const { page, scripts, outside, errors } = await openPage("/turnstile-ok", PASS);
    const form = topForm(page);
    const post = form.getByRole("button", { name: "Post comment" });
    await expect.poll(async () => (await fake(page)).tokens.length, { timeout: 10_000 }).toBe(1);
    expect((await fake(page)).render).toEqual([
      { id: "w1", sitekey: SITE_KEY, theme: "auto", form: "Leave a comment" },
    ]);
    await form.getByLabel("Name").fill("Tess");
    await form.getByLabel("Comment", { exact: true }).fill("Posted past the challenge");
    await expect.poll(() => post.isEnabled()).toBe(true);
    await post.click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe("1 comment");
    expect(await page.locator("#comments article.comment .body").allTextContents()).toEqual([
      "Posted past the challenge",
    ]);

    const [first] = (await fake(page)).tokens;
    const seen = (token: string | undefined) =>
      siteverifyLog().then((l) => l.filter((v) => v.response === token));
    const verified = await seen(first);
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatchObject({
      secret: TURNSTILE_SECRET,
      contentType: "application/x-www-form-urlencoded;charset=UTF-8",
    });

    // Spent: the widget reset the challenge, which gave a new token for the next comment.
    await expect.poll(async () => (await fake(page)).tokens.length).toBe(2);
    expect((await fake(page)).reset).toEqual(["w1"]);
    await form.getByLabel("Comment", { exact: true }).fill("And a second one");
    await expect.poll(() => post.isEnabled()).toBe(true);
    await post.click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe("2 comments");
    const [, second] = (await fake(page)).tokens;
    expect(second).not.toBe(first);
    expect(await seen(second)).toHaveLength(1);
    expect(await seen(first)).toHaveLength(1);

    expect(scripts).toEqual([`${API_JS}?render=explicit`]);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("shows the API's refusal of a token siteverify rejects, and keeps the text", async () => {
    // What the API says about a forged token, asked directly: the widget words it by its code.
    const direct = await fetch(`${inject("workerUrl")}/api/v1/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: hostUrl },
      body: JSON.stringify({
        site: SITE,
        url: `${hostUrl}/turnstile-direct`,
        text: "Forged",
        elapsedMs: 9000,
        turnstileToken: "e2e-forged.direct",
      }),
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: { code: string } }).error.code).toBe("forbidden");

    const { page, outside, errors } = await openPage("/turnstile-forged", "e2e-forged.");
    const form = topForm(page);
    const text = form.getByLabel("Comment", { exact: true });
    await text.fill("This one will be refused");
    const post = form.getByRole("button", { name: "Post comment" });
    await expect.poll(() => post.isEnabled(), { timeout: 10_000 }).toBe(true);
    await post.click();

    const alert = form.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toBe("This site did not accept this.");
    expect(await text.inputValue()).toBe("This one will be refused");
    expect(await heading(page)).toBe("No comments yet");
    const [token] = (await fake(page)).tokens;
    expect((await siteverifyLog()).filter((v) => v.response === token)).toHaveLength(1);
    await expect.poll(async () => (await fake(page)).reset).toEqual(["w1"]);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
