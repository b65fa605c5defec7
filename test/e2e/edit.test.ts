// Editing and deleting your own comment in real Chromium: post through the widget on a host page
// of another origin, edit it, reload, and it is still edited (for the author and for anyone
// else); then delete it and it is gone after a reload.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const bodies = (page: Page) => page.locator("#comments article.comment .body").allTextContents();

describe("the author's own comment", () => {
  it("edit → reload → still edited; delete → reload → gone", async () => {
    // A page of its own on the host origin, so its thread is this test's alone.
    const url = `${inject("hostUrl")}/plain?edit-test`;
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    const stamp = Date.now().toString(36);
    const original = `Original words ${stamp}`;
    const edited = `Edited words ${stamp}`;
    const form = page.locator("#comments form").last();
    await expect.poll(() => form.getByLabel("Comment", { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await form.getByLabel("Comment", { exact: true }).fill(original);
    await form.getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => bodies(page)).toContain(original);

    const mine = page.locator("#comments article.comment", { hasText: original });
    await mine.getByRole("button", { name: "Edit" }).click();
    const editor = page.getByRole("form", { name: "Edit" });
    await editor.getByLabel("Comment").fill(`**${edited}**`);
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => bodies(page)).toContain(edited);
    expect(await page.locator("#comments article.comment strong", { hasText: edited }).count()).toBe(1);

    await page.reload();
    await expect.poll(() => bodies(page), { timeout: 15_000 }).toContain(edited);
    expect(await bodies(page)).not.toContain(original);
    // The edit mark is shown, and someone else sees the edited text too.
    expect(await page.locator("#comments article.comment", { hasText: edited }).textContent()).toContain(
      "edited",
    );
    const other = await (await browser.newContext()).newPage();
    await other.goto(url);
    await expect.poll(() => bodies(other), { timeout: 15_000 }).toContain(edited);
    expect(
      await other
        .locator("#comments article.comment", { hasText: edited })
        .getByRole("button", { name: "Edit" })
        .count(),
    ).toBe(0);

    const again = page.locator("#comments article.comment", { hasText: edited });
    await again.getByRole("button", { name: "Delete" }).click();
    await again.getByRole("button", { name: "Really delete?" }).click();
    await expect.poll(() => bodies(page)).not.toContain(edited);
    await page.reload();
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe("No comments yet");
  });
});
