// Verified readers in real Chromium, from a host page on another origin, against the real worker:
// the email code read from the outbox, a passkey added through Chrome's virtual authenticator and
// used in a fresh browser context to edit the comment there, GitHub and an OIDC issuer through the
// popup against the fake provider (test/fakes/oauth-provider.ts), and signing out.
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, focused, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

const ADMIN = { Authorization: "Bearer e2e-admin-token", "Content-Type": "application/json" };
const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${inject("workerUrl")}/api/v1/admin/${path}`, { ...init, headers: ADMIN });

/** The demo site offers every method the e2e world configures; put back as it was afterwards. */
const METHODS = ["email", "passkey", "github", "oidc:acme"];
let before: unknown;
beforeAll(async () => {
  const { sites } = (await (await admin("sites")).json()) as { sites: { id: string; signIn: unknown }[] };
  before = sites.find((s) => s.id === "demo")?.signIn;
  const res = await admin("sites/demo", { method: "PATCH", body: JSON.stringify({ signIn: METHODS }) });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await admin("sites/demo", { method: "PATCH", body: JSON.stringify({ signIn: before }) });
});

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const bodies = (page: Page) => page.locator("#comments article.comment .body").allTextContents();
const topForm = (page: Page) => page.getByRole("form", { name: "Leave a comment" });
const account = (page: Page) => topForm(page).getByRole("group", { name: "Your sign-in" });
const panel = (page: Page) => page.getByRole("dialog", { name: "Sign in to comment" });
const liveText = (page: Page) => page.locator("#comments .sr[aria-live=polite]").textContent();

async function openPage(context: BrowserContext, path: string) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(inject("hostUrl") + path);
  await topForm(page).getByLabel("Comment", { exact: true }).waitFor({ timeout: 15_000 });
  return { page, errors };
}

/** The newest sign-in code mailed to `to`, from the outbox (the `log` mail provider). */
async function codeFor(to: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(
      async () => {
        const { mails } = (await (await admin("outbox?site=demo")).json()) as {
          mails: { to: string; text: string }[];
        };
        code = mails.find((m) => m.to === to)?.text.match(/\b(\d{6})\b/)?.[1];
        return code;
      },
      { timeout: 10_000 },
    )
    .toMatch(/^\d{6}$/);
  return code as string;
}

/** A virtual platform authenticator (user-verifying, resident keys) for one page, over CDP. */
async function authenticator(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function signInByEmail(page: Page, email: string) {
  await topForm(page).getByRole("button", { name: "Sign in" }).click();
  await panel(page).getByLabel("Your email").fill(email);
  await panel(page).getByRole("button", { name: "Send code" }).click();
  const code = panel(page).getByLabel("Code from the email");
  await code.waitFor();
  await code.fill(await codeFor(email));
  await panel(page).getByRole("button", { name: "Sign in", exact: true }).click();
  await account(page).waitFor({ timeout: 10_000 });
  expect(await panel(page).count()).toBe(0);
}

describe("loading", () => {
  it("a page that never opens sign-in requests no sign-in chunk; opening it does", async () => {
    const context = await browser.newContext();
    const requested: string[] = [];
    context.on("request", (r) => requested.push(r.url()));
    const { page, errors } = await openPage(context, `/plain?signin-lazy-${stamp()}`);
    await page.waitForLoadState("networkidle");
    expect(requested.some((u) => u.endsWith("/write.js"))).toBe(true);
    expect(requested.filter((u) => u.endsWith("/signin.js"))).toEqual([]);

    // Keyboard: the control opens the panel, focus moves in, Escape hands it back.
    await topForm(page).getByRole("button", { name: "Sign in" }).focus();
    await page.keyboard.press("Enter");
    await panel(page).waitFor();
    expect(requested.filter((u) => u.endsWith("/signin.js"))).toHaveLength(1);
    await expect.poll(async () => (await focused(page)).label).toBe("Your email");
    expect(await axe(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => panel(page).count()).toBe(0);
    await expect.poll(() => focused(page)).toMatchObject({ tag: "button", label: "Sign in" });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("has no axe violations with the panel open in the dark theme, nor on its code step", async () => {
    const context = await browser.newContext();
    const { page, errors } = await openPage(context, `/a11y-dark?signin-${stamp()}`);
    expect(await page.locator("#comments").getAttribute("data-theme")).toBe("dark");
    await topForm(page).getByRole("button", { name: "Sign in" }).click();
    await panel(page).waitFor();
    expect(await axe(page)).toEqual([]);
    await panel(page).getByLabel("Your email").fill(`dark-${stamp()}@example.com`);
    await panel(page).getByRole("button", { name: "Send code" }).click();
    await panel(page).getByLabel("Code from the email").waitFor();
    await expect.poll(async () => (await focused(page)).label).toBe("Code from the email");
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("email, then a passkey on another device", () => {
  it("verifies by email, adds a passkey, signs in with it in a fresh context, and edits the comment there", async () => {
    const id = stamp();
    const path = `/plain?signin-passkey-${id}`;
    const email = `reader-${id}@example.com`;
    const first = await browser.newContext();
    const { page, errors } = await openPage(first, path);
    const { cdp, authenticatorId } = await authenticator(first, page);

    await signInByEmail(page, email);
    expect(await account(page).textContent()).toContain(email);
    expect(await account(page).textContent()).toContain("verified email");
    // An email proves the address, not a name: the reader types the one they go by.
    expect(
      await topForm(page)
        .getByLabel(/^Email/)
        .count(),
    ).toBe(0);
    expect(await axe(page)).toEqual([]);

    await account(page).getByRole("button", { name: "Add a passkey" }).click();
    await expect.poll(() => liveText(page), { timeout: 10_000 }).toContain("Passkey added.");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);

    const original = `Signed-in words ${id}`;
    await topForm(page).getByLabel(/^Name/).fill(`Reader ${id}`);
    await topForm(page).getByLabel("Comment", { exact: true }).fill(original);
    await topForm(page).getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => bodies(page)).toContain(original);
    expect(
      await page.locator("#comments article.comment", { hasText: original }).locator(".name").textContent(),
    ).toBe(`Reader ${id}`);
    await first.close();

    // A fresh context: no storage, no edit token; the passkey moves over as a synced one would.
    const second = await browser.newContext();
    const other = await openPage(second, path);
    const target = await authenticator(second, other.page);
    await target.cdp.send("WebAuthn.addCredential", {
      authenticatorId: target.authenticatorId,
      credential: credentials[0] as never,
    });
    const mine = other.page.locator("#comments article.comment", { hasText: original });
    await mine.waitFor();
    expect(await mine.getByRole("button", { name: "Edit" }).count()).toBe(0);

    await topForm(other.page).getByRole("button", { name: "Sign in" }).click();
    await panel(other.page).getByRole("button", { name: "Sign in with a passkey" }).click();
    await account(other.page).waitFor({ timeout: 10_000 });
    expect(await account(other.page).textContent()).toContain("verified email");

    const edited = `Edited on another device ${id}`;
    await mine.getByRole("button", { name: "Edit" }).click();
    const editor = other.page.getByRole("form", { name: "Edit" });
    expect(await editor.getByLabel("Comment").inputValue()).toBe(original);
    await editor.getByLabel("Comment").fill(edited);
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => bodies(other.page)).toContain(edited);
    await other.page.reload();
    await expect.poll(() => bodies(other.page), { timeout: 15_000 }).toContain(edited);
    expect(await bodies(other.page)).not.toContain(original);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);

    // Signing out ends the session on the server too: the old token no longer works.
    const key = `confab:session:${inject("workerUrl")}:demo`;
    const token = await other.page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? "{}").token, key);
    expect(token).toMatch(/.{20,}/);
    await account(other.page).getByRole("button", { name: "Sign out" }).click();
    await topForm(other.page)
      .getByLabel(/^Email/)
      .waitFor();
    expect(await liveText(other.page)).toBe("You are signed out.");
    expect(await other.page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
    const me = await fetch(`${inject("workerUrl")}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${token}`, Origin: new URL(inject("hostUrl")).origin },
    });
    expect(me.status).toBe(401);
    expect(
      await other.page
        .locator("#comments article.comment", { hasText: edited })
        .getByRole("button", { name: "Edit" })
        .count(),
    ).toBe(0);
    await second.close();
  });
});

describe("a reader's passkeys", () => {
  it("lists the passkey added and removes it; then it no longer signs in", async () => {
    const id = stamp();
    const context = await browser.newContext();
    const { page, errors } = await openPage(context, `/plain?signin-remove-${id}`);
    const { cdp, authenticatorId } = await authenticator(context, page);
    await signInByEmail(page, `remover-${id}@example.com`);
    await account(page).getByRole("button", { name: "Add a passkey" }).click();
    await expect.poll(() => liveText(page), { timeout: 10_000 }).toContain("Passkey added.");

    const open = account(page).getByRole("button", { name: "Your passkeys" });
    await open.click();
    const list = account(page).getByRole("list", { name: "Your passkeys" });
    await expect
      .poll(() => list.getByRole("listitem").allTextContents())
      .toEqual([expect.stringMatching(/^Passkey added (now|\d+ seconds? ago), never usedRemove$/)]);
    expect(await open.getAttribute("aria-expanded")).toBe("true");
    expect(await axe(page)).toEqual([]);
    await list.getByRole("button", { name: /^Remove the passkey added / }).click();
    await expect.poll(() => liveText(page)).toBe("Passkey removed. It no longer signs in here.");
    expect(await list.textContent()).toBe("You have no passkeys on this site.");

    // The authenticator still holds the credential, but the server no longer knows it.
    expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials).toHaveLength(1);
    await account(page).getByRole("button", { name: "Sign out" }).click();
    await topForm(page).getByRole("button", { name: "Sign in" }).click();
    await panel(page).getByRole("button", { name: "Sign in with a passkey" }).click();
    await panel(page).getByRole("alert").waitFor({ timeout: 10_000 });
    expect(await account(page).count()).toBe(0);
    // The refused sign-in's 400 is logged by Chromium as a failed resource; nothing else may be.
    expect(errors.filter((e) => !e.includes("400"))).toEqual([]);
    await context.close();
  });
});

describe.each([
  ["GitHub", "verified by GitHub"],
  ["Acme ID", "verified by a sign-in provider"],
])("the %s popup", (label, how) => {
  it("signs in through the provider's popup, posts as the provider's name, and signs out", async () => {
    const id = stamp();
    const context = await browser.newContext();
    const { page, errors } = await openPage(context, `/plain?signin-${label.replace(/\W/g, "")}-${id}`);
    await topForm(page).getByRole("button", { name: "Sign in" }).click();
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      panel(page)
        .getByRole("button", { name: `Continue with ${label}` })
        .click(),
    ]);
    // The fake provider consents at once; the callback page hands the session over and closes.
    await popup.waitForEvent("close", { timeout: 15_000 });
    await account(page).waitFor({ timeout: 10_000 });
    const shown = await account(page).textContent();
    expect(shown).toContain("Ada Lovelace");
    expect(shown).toContain(how);
    expect(await topForm(page).getByLabel(/^Name/).count()).toBe(0);

    const words = `From ${label} ${id}`;
    await topForm(page).getByLabel("Comment", { exact: true }).fill(words);
    await topForm(page).getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => bodies(page)).toContain(words);
    const mine = page.locator("#comments article.comment", { hasText: words });
    expect(await mine.locator(".name").textContent()).toBe("Ada Lovelace");

    await account(page).getByRole("button", { name: "Sign out" }).click();
    await topForm(page).getByLabel(/^Name/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("two tabs of the same page", () => {
  it("follow each other's sign-in and sign-out without a reload", async () => {
    const id = stamp();
    const context = await browser.newContext();
    const path = `/plain?signin-tabs-${id}`;
    const first = await openPage(context, path);
    const second = await openPage(context, path);
    const github = async (page: Page) => {
      await topForm(page).getByRole("button", { name: "Sign in" }).click();
      const [popup] = await Promise.all([
        page.waitForEvent("popup"),
        panel(page).getByRole("button", { name: "Continue with GitHub" }).click(),
      ]);
      await popup.waitForEvent("close", { timeout: 15_000 });
      await account(page).waitFor({ timeout: 10_000 });
    };
    await github(first.page);
    // The other tab learns of it from the browser's storage event.
    await account(second.page).waitFor({ timeout: 5_000 });
    expect(await account(second.page).textContent()).toContain("Ada Lovelace");

    await account(second.page).getByRole("button", { name: "Sign out" }).click();
    await topForm(first.page).getByLabel(/^Name/).waitFor({ timeout: 5_000 });
    expect(await account(first.page).count()).toBe(0);

    await github(second.page);
    await account(first.page).waitFor({ timeout: 5_000 });
    expect([...first.errors, ...second.errors]).toEqual([]);
    await context.close();
  });
});
