// Two discussions on one page, each with its own thread, theme and state.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { heading, open, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

describe("two instances", () => {
  it("post to their own threads without touching each other", async () => {
    const { page, errors } = await open(browser, "/two");
    await heading(page, "#one", "No comments yet");
    await heading(page, "#two", "No comments yet");

    const form = page.locator("#one form").last();
    await form.getByLabel("Name").fill("One");
    await form.getByLabel("Comment", { exact: true }).fill("Only in the first.");
    await form.getByRole("button", { name: "Post comment" }).click();
    await heading(page, "#one", "1 comment");
    expect(await page.locator("#two h2").textContent()).toBe("No comments yet");
    expect(await page.locator("#two article").count()).toBe(0);

    expect(await page.locator("#one").getAttribute("data-theme")).toBe("auto");
    expect(await page.locator("#two").getAttribute("data-theme")).toBe("dark");

    // One instance's page id is its own thread: a reload shows each as it was.
    await page.reload();
    await heading(page, "#one", "1 comment");
    await heading(page, "#two", "No comments yet");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: "/tmp/confab-shots/two.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
