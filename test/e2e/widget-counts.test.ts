// count.js on a page listing posts: one request fills every counter.
import type { Browser, Request } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { post, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

describe("count.js", () => {
  it("fills each counter with its page's count in one request", async () => {
    await post("/counts-target", "Ann", "one");
    const page = await browser.newPage();
    const requests: Request[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/")) requests.push(r);
    });
    await page.goto(`${inject("hostUrl")}/counts`);
    await expect.poll(() => page.locator("#c").textContent(), { timeout: 15_000 }).toBe("0");
    expect(await page.locator("#a").textContent()).toBe("1");
    expect(await page.locator("#b").textContent()).toBe("1");
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]?.url() ?? "").pathname).toBe("/api/v1/counts");
    await page.close();
  });
});
