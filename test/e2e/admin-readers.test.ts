// The dashboard's verified-reader parts in real Chromium against the real worker: readers signed
// in through site SSO (payloads signed by the docs' own Node example), listed in Readers and
// Sessions, marked as staff, signed out by keyboard; the SSO secret rotated from the site form.
// axe-core checks each view.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { docSigner } from "../fakes/site-server.ts";
import { launch } from "./browser.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";
import { axe } from "./widget-helpers.ts";

const SITE = "readersite";
const ORIGIN = "http://localhost:4321";
let browser: Browser;
let page: Page;
let workerUrl = "";

async function adminCall(method: string, path: string, body?: unknown) {
  const res = await fetch(`${workerUrl}/api/v1/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status === 204 ? null : res.json();
}

async function ssoSignIn(secret: string, user: Record<string, unknown>) {
  const sso = (await docSigner())(user, secret);
  const res = await fetch(`${workerUrl}/api/v1/auth/sso`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
    body: JSON.stringify({ site: SITE, sso }),
  });
  return { status: res.status, body: (await res.json()) as any, sso };
}

const me = async (token: string) =>
  (
    await fetch(`${workerUrl}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${token}`, Origin: ORIGIN },
    })
  ).status;

async function view(name: string, label: string, pickSite = true) {
  await page.goto(`${workerUrl}/admin#/${name}`);
  await page.getByRole("heading", { level: 2, name: label }).waitFor();
  if (!pickSite) return;
  const select = page.getByLabel("Site", { exact: true });
  await select.waitFor();
  await select.selectOption(SITE);
}

beforeAll(async () => {
  workerUrl = inject("workerUrl");
  await adminCall("POST", "/sites", { id: SITE, name: "Readers Blog", origins: ["http://localhost:*"] });
  browser = await launch();
  // The dashboard's CSP allows no inline script; axe-core is injected as one, for the test only.
  page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(`${workerUrl}/admin`);
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 2 }).waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe("verified readers in /admin", () => {
  it("lists SSO readers, marks one as staff, revokes sessions by keyboard, rotates the SSO secret", async () => {
    const { secret } = (await adminCall("POST", `/sites/${SITE}/sso-secret`)) as { secret: string };
    const grace = await ssoSignIn(secret, { id: 1, name: "Grace", email: "grace@example.org" });
    const graceAgain = await ssoSignIn(secret, { id: 1, name: "Grace", email: "grace@example.org" });
    const alan = await ssoSignIn(secret, { id: 2, name: "Alan" });
    expect([grace.status, graceAgain.status, alan.status]).toEqual([200, 200, 200]);

    await view("readers", "Readers");
    const row = page.getByRole("listitem", { name: "Reader Grace" });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain("2 signed-in devices");
    expect(await row.locator(".verified").textContent()).toBe("SSO");
    expect(await axe(page, "main")).toEqual([]);
    const staffBox = row.getByRole("checkbox", { name: "Staff (Grace)" });
    await staffBox.focus();
    await page.keyboard.press("Space");
    await expect.poll(() => row.getByText("staff", { exact: true }).count()).toBe(1);
    expect(await staffBox.isChecked()).toBe(true);
    expect((await fetchIdentity(grace.body.token)).isStaff).toBe(true);

    await view("sessions", "Sessions");
    const alanRow = page.getByRole("listitem", { name: "Session of Alan" });
    await expect.poll(() => alanRow.count(), { timeout: 15_000 }).toBe(1);
    expect(await axe(page, "main")).toEqual([]);
    await alanRow.getByRole("button", { name: "Revoke…" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Yes, revoke");
    await page.keyboard.press("y");
    await expect.poll(() => alanRow.count()).toBe(0);
    expect(await me(alan.body.token)).toBe(401);
    expect(await me(grace.body.token)).toBe(200);

    await view("sites", "Sites", false);
    await page.getByRole("button", { name: `Readers Blog (${SITE})` }).click();
    await page.getByRole("button", { name: "Rotate secret…" }).click();
    await page.getByRole("button", { name: "Yes, rotate" }).click();
    const shown = page.getByLabel("New SSO secret");
    await shown.waitFor();
    expect(await axe(page, "main")).toEqual([]);
    const fresh = await shown.inputValue();
    expect(fresh).not.toBe(secret);
    expect((await ssoSignIn(secret, { id: 3, name: "Old" })).status).toBe(401);
    expect((await ssoSignIn(fresh, { id: 3, name: "New" })).status).toBe(200);
  });
});

async function fetchIdentity(token: string) {
  const res = await fetch(`${workerUrl}/api/v1/auth/me`, {
    headers: { Authorization: `Bearer ${token}`, Origin: ORIGIN },
  });
  return ((await res.json()) as any).identity;
}
