// axe-core on the loaded thread (a signed-in author's verified mark, its reactions bars, one
// reaction pressed, a Report form open) and on an open reply form, writing and previewing, in the
// light and the dark theme.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axe, emailSession, heading, open, post, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

describe.each(["light", "dark"])("accessibility, %s theme", (theme) => {
  it("has no axe violations on the thread nor with a reply form open, on Write and on Preview", async () => {
    const path = `/a11y-${theme}`;
    const root = await post(
      path,
      "Ann",
      `A comment on ${path} with a [link](https://example.com) and \`code\`.`,
    );
    const bob = await emailSession(`bob-${theme}@example.com`);
    await post(path, "Bob", `> quoted\n\nA reply on ${path}.`, root.id, bob);
    const { page, errors } = await open(browser, path);
    await heading(page, "#comments", "2 comments");
    await page.locator("#comments textarea").waitFor();
    expect(await page.locator("#comments").getAttribute("data-theme")).toBe(theme);
    expect(await page.locator("#comments").getByRole("img", { name: "verified email" }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);

    // The reactions bars, one pressed, all of a comment's emoji shown, and its Report form open.
    await page.locator("#comments").getByRole("group", { name: "Reactions to this page" }).waitFor();
    const mine = page.locator(`#comments #comment-${root.id}`);
    await mine.getByRole("button", { name: "React", exact: true }).click();
    const party = mine.getByRole("button", { name: "React with 🎉" });
    await party.click();
    await expect.poll(() => party.getAttribute("aria-pressed")).toBe("true");
    await mine.getByRole("button", { name: "Report" }).click();
    await mine.getByRole("form", { name: "Report" }).waitFor();
    expect(await axe(page)).toEqual([]);
    await mine.getByRole("form", { name: "Report" }).getByRole("button", { name: "Cancel" }).click();

    await page.locator(`#comments #comment-${root.id}`).getByRole("button", { name: "Reply" }).click();
    const form = page.getByRole("form", { name: "Reply to Ann" });
    await form.waitFor();
    expect(await axe(page)).toEqual([]);

    // The same form showing the server's rendering of a reply in the Preview tab.
    await form
      .getByLabel("Comment")
      .fill("*Agreed*, see [the docs](https://example.com) and `code`.\n\n> quoted");
    const preview = form.getByRole("tab", { name: "Preview" });
    await preview.click();
    expect(await preview.getAttribute("aria-selected")).toBe("true");
    const panel = form.getByRole("tabpanel", { name: "Preview" });
    await expect.poll(() => panel.getAttribute("aria-busy")).toBe("false");
    expect(await panel.locator("em").textContent()).toBe("Agreed");
    expect(await panel.locator("blockquote").textContent()).toContain("quoted");
    expect(await form.getByLabel("Comment").isVisible()).toBe(false);
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
