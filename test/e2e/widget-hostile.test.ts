// A host page with hostile CSS must not change the widget, and the widget must not change the page.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { heading, open, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

const PARTS = [
  "section.thread",
  "h2",
  "form",
  "label",
  "input[name=name]",
  "textarea",
  "button.primary",
  '[role="tab"][aria-selected="true"]',
  ".editor summary",
];

/** Computed look and size of each part of the widget. */
function widgetLook(page: Page) {
  return page.evaluate((parts) => {
    const root = document.querySelector("#comments")?.shadowRoot;
    return parts.map((selector) => {
      const el = root?.querySelector(selector);
      if (!el) return { selector, missing: true };
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        selector,
        color: s.color,
        fontSize: s.fontSize,
        display: s.display,
        background: s.backgroundColor,
        width: Math.round(box.width),
        height: Math.round(box.height),
      };
    });
  }, PARTS);
}

function hostLook(page: Page) {
  return page.evaluate(() =>
    ["body", "h1", "p"].map((selector) => {
      const s = getComputedStyle(document.querySelector(selector) as Element);
      return { selector, color: s.color, fontSize: s.fontSize, display: s.display, margin: s.margin };
    }),
  );
}

describe("hostile host CSS", () => {
  it("leaves the widget exactly as on a plain page", async () => {
    const plain = await open(browser, "/plain");
    const hostile = await open(browser, "/hostile");
    await heading(plain.page, "#comments", "No comments yet");
    await heading(hostile.page, "#comments", "No comments yet");
    await plain.page.locator("#comments textarea").waitFor();
    await hostile.page.locator("#comments textarea").waitFor();
    const expected = await widgetLook(plain.page);
    expect(expected.every((p) => !("missing" in p))).toBe(true);
    expect(expected.find((p) => p.selector === "h2")?.fontSize).toBe("20px");
    expect(await widgetLook(hostile.page)).toEqual(expected);
    // The container itself keeps the widget's own block layout, text colour and size.
    const container = await hostile.page.evaluate(() => {
      const s = getComputedStyle(document.querySelector("#comments") as Element);
      return [s.display, s.fontSize, s.color];
    });
    expect(container).toEqual(["block", "16px", "rgb(31, 35, 40)"]);
    expect([...plain.errors, ...hostile.errors]).toEqual([]);
    await plain.page.close();
    await hostile.page.close();
  });

  it("leaves the host page exactly as without the widget", async () => {
    const bare = await open(browser, "/hostile-bare");
    const hostile = await open(browser, "/hostile");
    await heading(hostile.page, "#comments", "No comments yet");
    const expected = await hostLook(bare.page);
    expect(expected[1]).toMatchObject({ color: "rgb(255, 0, 0)", fontSize: "40px" });
    expect(await hostLook(hostile.page)).toEqual(expected);
    // Nothing was added to the page's own document but the shadow root's host attributes.
    expect(
      await hostile.page.evaluate(() => document.querySelectorAll("style, link[rel=stylesheet]").length),
    ).toBe(1);
    await bare.page.close();
    await hostile.page.close();
  });
});
