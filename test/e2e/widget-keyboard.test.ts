// Posting and replying with the keyboard alone, in real Chromium against the real worker.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./browser.ts";
import { focused, heading, open, relaxSpamLimits, tabTo } from "./widget-helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await relaxSpamLimits();
});
afterAll(async () => {
  await browser?.close();
});

describe("keyboard only", () => {
  it("posts a comment, then replies to it, with focus following each step", async () => {
    const { page, errors } = await open(browser, "/keyboard");
    await heading(page, "#comments", "No comments yet");
    await page.locator("#comments textarea").waitFor();

    await tabTo(page, (f) => f.tag === "input" && f.label.startsWith("Name"));
    await page.keyboard.type("Kay");
    await tabTo(page, (f) => f.tag === "textarea");
    await page.keyboard.type("Typed without a mouse.");
    await tabTo(page, (f) => f.tag === "button" && f.label === "Post comment");
    await page.keyboard.press("Enter");

    await heading(page, "#comments", "1 comment");
    // Focus lands on the new comment, so the reader hears and continues from it.
    await expect.poll(async () => (await focused(page)).tag).toBe("article");
    const first = await focused(page);
    expect(first.label).toBe("Comment by Kay");
    await expect
      .poll(() => page.locator("#comments [aria-live=polite]").first().textContent())
      .toBe("Your comment was posted.");

    await tabTo(page, (f) => f.tag === "button" && f.label === "Reply");
    await page.keyboard.press("Enter");
    // The reply form opens with the focus in its text field.
    await expect.poll(async () => (await focused(page)).tag).toBe("textarea");
    await page.keyboard.type("And a reply, also by keyboard.");
    await tabTo(page, (f) => f.tag === "button" && f.label === "Post comment");
    await page.keyboard.press("Enter");

    await heading(page, "#comments", "2 comments");
    await expect.poll(async () => (await focused(page)).label).toBe("Comment by Kay");
    const reply = await focused(page);
    expect(reply.id).not.toBe(first.id);
    const nested = await page.evaluate(
      (id) =>
        document.querySelector("#comments")?.shadowRoot?.getElementById(id)?.closest("ol.replies") !== null,
      reply.id,
    );
    expect(nested).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
