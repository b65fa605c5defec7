// Posting and replying with the keyboard alone, in real Chromium against the real worker.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { focused, heading, open, tabTo, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
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

  it("switches between Write and Preview with the arrow keys, and back to Write for a missing text", async () => {
    const { page, errors } = await open(browser, "/keyboard-tabs");
    await heading(page, "#comments", "No comments yet");
    await page.locator("#comments textarea").waitFor();
    const form = page.getByRole("form", { name: "Leave a comment" });
    const panel = form.getByRole("tabpanel");

    await tabTo(page, (f) => f.tag === "button" && f.label === "Write");
    await page.keyboard.press("ArrowRight");
    expect(await focused(page)).toMatchObject({ tag: "button", label: "Preview" });
    expect(await panel.textContent()).toBe("Nothing to preview.");
    await page.keyboard.press("Home");
    expect(await focused(page)).toMatchObject({ tag: "button", label: "Write" });
    // Only the chosen tab is in the Tab order: the next stop is the text field.
    await page.keyboard.press("Tab");
    expect((await focused(page)).tag).toBe("textarea");
    await page.keyboard.type("Typed, then *previewed*.");

    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("ArrowLeft");
    expect(await focused(page)).toMatchObject({ tag: "button", label: "Preview" });
    await expect.poll(() => panel.locator("em").textContent()).toBe("previewed");
    // The panel itself comes next, to be read; then back, and to Write: the text is still there.
    await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe(await panel.getAttribute("id"));
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("End");
    expect(await focused(page)).toMatchObject({ tag: "button", label: "Preview" });
    await page.keyboard.press("ArrowRight");
    expect(await focused(page)).toMatchObject({ tag: "button", label: "Write" });
    expect(await form.getByLabel("Comment").inputValue()).toBe("Typed, then *previewed*.");

    // Posting an empty text from the preview: the browser shows the field it wants filled.
    await form.getByLabel("Comment").fill("");
    await form.getByRole("tab", { name: "Preview" }).click();
    expect(await panel.textContent()).toBe("Nothing to preview.");
    await tabTo(page, (f) => f.tag === "button" && f.label === "Post comment");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await focused(page)).tag).toBe("textarea");
    expect(await form.getByRole("tab", { name: "Write" }).getAttribute("aria-selected")).toBe("true");
    expect(await heading(page)).toBe("No comments yet");
    expect(errors).toEqual([]);
    await page.close();
  });
});
