// A link to one comment opens the page scrolled to it, with the comment highlighted.
import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { heading, post, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

describe("permalinks", () => {
  it("scrolls a comment far below the fold into view and highlights it", async () => {
    const root = await post("/permalink", "Ann", "The first comment.");
    await post("/permalink", "Bob", "A reply in between.", root.id);
    const target = await post("/permalink", "Cy", "The linked comment.");
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.goto(`${inject("hostUrl")}/permalink#comment-${target.id}`);
    await heading(page, "#comments", "3 comments");

    const article = page.locator(`#comments #comment-${target.id}`);
    await expect.poll(() => article.getAttribute("class")).toContain("target");
    const view = await page.evaluate((id) => {
      const el = document
        .querySelector("#comments")
        ?.shadowRoot?.getElementById(`comment-${id}`) as HTMLElement;
      const box = el.getBoundingClientRect();
      return {
        scrollY: window.scrollY,
        inView: box.top >= 0 && box.bottom <= window.innerHeight,
        background: getComputedStyle(el).backgroundColor,
        others: [...(el.getRootNode() as ShadowRoot).querySelectorAll(".comment.target")].length,
      };
    }, target.id);
    expect(view.scrollY).toBeGreaterThan(2000);
    expect(view.inView).toBe(true);
    expect(view.background).toBe("rgb(255, 248, 197)");
    expect(view.others).toBe(1);
    await page.screenshot({ path: "/tmp/confab-shots/permalink.png" });
    await page.close();
  });
});
