// Shared by the widget's browser tests: open a host page, post through the real API, look inside
// the shadow root, run axe.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { launch } from "./browser.ts";

/**
 * The browser tests post far more, and faster, than the demo site's spam checks allow one network
 * (5 a minute, nothing within 2 s of opening the form): turn those limits off for the demo site.
 */
export async function relaxSpamLimits(): Promise<void> {
  const res = await fetch(`${inject("workerUrl")}/api/v1/admin/sites/demo`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json", Authorization: "Bearer e2e-admin-token" },
    body: JSON.stringify({ rateLimitPerMinute: 0, rateLimitPerHour: 0, minSubmitMs: 0 }),
  });
  expect(res.status).toBe(200);
}

/**
 * A Chromium for the tests of one file, on the demo site with its spam limits off, closed after
 * them. `set` receives it, so the tests keep a plain `browser` variable.
 */
export function useBrowser(set: (browser: Browser) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
    set(browser);
    await relaxSpamLimits();
  });
  afterAll(async () => {
    await browser?.close();
  });
}

export async function open(browser: Browser, path: string, options: { width?: number } = {}) {
  const page = await browser.newPage({ viewport: { width: options.width ?? 900, height: 800 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(inject("hostUrl") + path);
  return { page, errors };
}

/** The heading of the widget in `host`, once the thread is drawn. */
export async function heading(page: Page, host = "#comments", expected?: string) {
  const h2 = page.locator(`${host} h2`);
  if (expected) await expect.poll(() => h2.textContent(), { timeout: 15_000 }).toBe(expected);
  else await h2.waitFor({ timeout: 15_000 });
  return h2.textContent();
}

/**
 * Posts through the real API, as the widget on `path` would; answers the created comment. With a
 * reader `token` (emailSession) the comment is the signed-in identity's.
 */
export async function post(
  path: string,
  name: string,
  text: string,
  parentId: string | null = null,
  token?: string,
) {
  const host = inject("hostUrl");
  const res = await fetch(`${inject("workerUrl")}/api/v1/comments`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: new URL(host).origin,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      site: "demo",
      url: host + path,
      parentId,
      author: { name },
      text,
      elapsedMs: 9000,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { comment: { id: string } }).comment;
}

/** A reader session on the demo site, signed in by email: the code comes from the `log` provider's outbox. */
export async function emailSession(email: string): Promise<string> {
  const worker = inject("workerUrl");
  const auth = (path: string, body: object) =>
    fetch(`${worker}/api/v1/auth/email${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: new URL(inject("hostUrl")).origin },
      body: JSON.stringify({ site: "demo", email, ...body }),
    });
  expect((await auth("", {})).status).toBe(202);
  let code = "";
  await expect
    .poll(async () => {
      const res = await fetch(`${worker}/api/v1/admin/outbox?site=demo`, {
        headers: { Authorization: "Bearer e2e-admin-token" },
      });
      const { mails } = (await res.json()) as { mails: { to: string; subject: string; text: string }[] };
      const mail = mails.find((m) => m.to === email && m.subject.startsWith("Your sign-in code"));
      code = mail?.text.match(/: (\d{6})\n/)?.[1] ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);
  const signed = await auth("/verify", { code });
  expect(signed.status).toBe(200);
  return ((await signed.json()) as { token: string }).token;
}

/** What has the keyboard focus, looking through the shadow root. */
export function focused(page: Page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      tag: el?.localName ?? "",
      id: el?.id ?? "",
      label:
        el?.getAttribute("aria-label") ??
        el?.closest("label")?.textContent?.trim() ??
        el?.textContent?.trim() ??
        "",
    };
  });
}

/** Presses Tab until `match` has the focus (at most `max` times). */
export async function tabTo(
  page: Page,
  match: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 40,
) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (match(await focused(page))) return;
  }
  throw new Error(`Tab never reached the element; last: ${JSON.stringify(await focused(page))}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.2 AA checks on the widget (its shadow tree included). */
export async function axe(page: Page, host = "#comments") {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (el: unknown, o: unknown) => Promise<any> } }).axe;
    const result = await axe.run(document.querySelector(selector), {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return (result.violations as { id: string; nodes: { target: unknown; failureSummary: string }[] }[]).map(
      (v) => ({ id: v.id, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`) }),
    );
  }, host);
}
