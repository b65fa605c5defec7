// A host page with a strict Content-Security-Policy: scripts and requests from the worker only,
// and no inline style whatsoever. The widget must work and be styled, without one violation.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { heading, open, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

describe("strict CSP", () => {
  it("loads, styles itself, loads its forms and posts", async () => {
    const { page, errors } = await open(browser, "/csp");
    await heading(page, "#comments", "No comments yet");
    const form = page.locator("#comments form").last();
    await form.getByLabel("Comment", { exact: true }).fill("Posted under a strict CSP.");
    const background = await form
      .getByRole("button", { name: "Post comment" })
      .evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(background).toBe("rgb(9, 105, 218)");
    await form.getByRole("button", { name: "Post comment" }).click();
    await heading(page, "#comments", "1 comment");
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
