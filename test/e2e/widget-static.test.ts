// Comments without JavaScript (issue #15): a host page on another origin whose server includes
// GET /threads.html in the widget's container. Without scripts the discussion is there, styled as
// the widget; with them, embed.js takes it over in place, and Chromium sees nothing move.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { post, useBrowser } from "./widget-helpers.ts";

let browser: import("playwright-core").Browser;
useBrowser((b) => {
  browser = b;
});

const PATH = "/rendered/takeover";

beforeAll(async () => {
  const root = await post(PATH, "Ann", "The first comment, with **bold** words.");
  await post(PATH, "Bob", "A reply to Ann.", root.id);
  await post(PATH, "Cy", "Another root comment,\n\nin two paragraphs.");
});

interface Look {
  /** The server's drawing, or the widget's own (its form is there). */
  stage: "static" | "widget" | "other";
  hostHeight: number;
  footerTop: number;
  headingTop: number;
}

/** Opens the page with a layout-shift observer and a per-frame look, in place before any script. */
async function openMeasured(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: { value: number; nodes: string[] }[]; looks: Look[] };
    w.shifts = [];
    w.looks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node }[];
      }[]) {
        if (!e.hadRecentInput)
          w.shifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.nodeName ?? "?") });
      }
    }).observe({ type: "layout-shift", buffered: true });
    const look = () => {
      const host = document.querySelector("#comments");
      const root = host?.shadowRoot;
      if (host && root) {
        const stage = root.querySelector("[data-confab-static]")
          ? "static"
          : root.querySelector("form textarea")
            ? "widget"
            : "other";
        const entry = {
          stage,
          hostHeight: host.getBoundingClientRect().height,
          footerTop: document.querySelector("footer")?.getBoundingClientRect().top ?? -1,
          headingTop: root.querySelector("h2")?.getBoundingClientRect().top ?? -1,
        } as Look;
        const last = w.looks.at(-1);
        if (!last || JSON.stringify(last) !== JSON.stringify(entry)) w.looks.push(entry);
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(inject("hostUrl") + PATH);
}

describe("the server-rendered thread (threads.html)", () => {
  it("is taken over by the widget in place: the same height, nothing moves (layout shift 0)", async () => {
    for (const width of [900, 500, 340]) {
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await openMeasured(page);
      // The widget's own thread, with its form from write.js, has replaced the server's.
      await page.locator("#comments form textarea").first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(700);
      const { shifts, looks } = await page.evaluate(() => {
        const w = window as unknown as { shifts: unknown[]; looks: Look[] };
        return { shifts: w.shifts, looks: w.looks };
      });
      const stages = looks.map((l) => l.stage);
      expect(stages[0], `${width}`).toBe("static");
      expect(stages.at(-1), `${width}`).toBe("widget");
      // Straight from one to the other: never a skeleton or an empty container in between.
      expect(
        stages.filter((s) => s === "other"),
        `${width}: ${JSON.stringify(looks)}`,
      ).toEqual([]);
      const [first] = looks as [Look];
      for (const l of looks) {
        expect(Math.abs(l.hostHeight - first.hostHeight), `${width} ${JSON.stringify(looks)}`).toBeLessThan(
          1,
        );
        expect(Math.abs(l.footerTop - first.footerTop), `${width}`).toBeLessThan(1);
        expect(l.headingTop, `${width}`).toBe(first.headingTop);
      }
      expect(shifts, `${width}`).toEqual([]);
      expect(await page.locator("#comments h2").textContent()).toBe("3 comments");
      expect(await page.locator("#comments article").count()).toBe(3);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("shows the discussion, nested and styled, to a browser that runs no scripts", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 900, height: 1000 },
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(inject("hostUrl") + PATH);
    // The declarative shadow root: the widget's markup and styles, with no script run.
    expect(await page.locator("#comments h2").textContent()).toBe("3 comments");
    const ann = page.locator("#comments article", { hasText: "The first comment" });
    expect(await ann.locator(".name").textContent()).toBe("Ann");
    expect(await ann.locator(".body strong").textContent()).toBe("bold");
    // Bob's reply sits in Ann's replies list, indented under her comment.
    const reply = page.locator("#comments ol.replies article", { hasText: "A reply to Ann." });
    expect(await reply.count()).toBe(1);
    const [annBox, replyBox] = [await ann.boundingBox(), await reply.boundingBox()];
    expect(replyBox?.x ?? 0).toBeGreaterThan((annBox?.x ?? 0) + 10);
    expect(await page.locator("#comments article").count()).toBe(3);
    // Styled by the widget's sheet (a flex header with the generated avatar), and no empty box
    // where a form would come: none is coming.
    expect(await ann.locator("header").evaluate((h) => getComputedStyle(h).display)).toBe("flex");
    expect(await ann.locator("svg.avatar").count()).toBe(1);
    expect(await page.locator("#comments .placeholder").isVisible()).toBe(false);
    expect(await page.locator("#comments form").count()).toBe(0);
    expect(requests.filter((u) => u.endsWith(".js"))).toEqual([]);
    await context.close();
  });
});
