// Dark and right-to-left, in real Chromium: checked by computed styles, and by screenshots in
// /tmp/confab-shots for a person to look at.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { heading, open, post, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

async function withThread(path: string) {
  // Texts differ per page: the spam checks refuse the same text twice from one author.
  const root = await post(
    path,
    "Ann",
    `A first comment on ${path}, with **bold** and a [link](https://example.com).`,
  );
  const reply = await post(path, "Bob", `A reply to it, on ${path}.`, root.id);
  await post(path, "Cy", `A reply to the reply, on ${path}.`, reply.id);
}

describe("screenshots", () => {
  it("follows a dark host page in auto mode, in the page's own font", async () => {
    await withThread("/dark");
    const { page, errors } = await open(browser, "/dark");
    await heading(page, "#comments", "3 comments");
    await page.locator("#comments textarea").waitFor();
    expect(await page.locator("#comments").getAttribute("data-theme")).toBe("dark");
    const look = await page.evaluate(() => {
      const s = getComputedStyle(document.querySelector("#comments") as Element);
      return { bg: s.backgroundColor, color: s.color, font: s.fontFamily };
    });
    expect(look).toEqual({ bg: "rgb(13, 17, 23)", color: "rgb(230, 237, 243)", font: "Georgia, serif" });
    await page.locator("#comments").screenshot({ path: "/tmp/confab-shots/dark.png" });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lays out Arabic right to left", async () => {
    await withThread("/rtl");
    const { page, errors } = await open(browser, "/rtl");
    await heading(page, "#comments", "3 تعليقات");
    await page.locator("#comments textarea").waitFor();
    const layout = await page.evaluate(() => {
      const root = document.querySelector("#comments")?.shadowRoot as ShadowRoot;
      const box = (sel: string) => (root.querySelector(sel) as Element).getBoundingClientRect();
      const replies = root.querySelector("ol.replies") as Element;
      return {
        direction: getComputedStyle(root.querySelector(".confab") as Element).direction,
        // The avatar stands right of the name, and replies indent from the right.
        avatarRightOfName: box(".comment .avatar").left > box(".comment .name").left,
        indentRight: getComputedStyle(replies).borderRightWidth,
        indentLeft: getComputedStyle(replies).borderLeftWidth,
        button: root.querySelector("button.primary")?.textContent,
      };
    });
    expect(layout).toEqual({
      direction: "rtl",
      avatarRightOfName: true,
      indentRight: "2px",
      indentLeft: "0px",
      button: "نشر التعليق",
    });
    await page.locator("#comments").screenshot({ path: "/tmp/confab-shots/rtl.png" });
    expect(errors).toEqual([]);
    await page.close();
  });
});
