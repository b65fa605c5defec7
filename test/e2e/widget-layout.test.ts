// The placeholders hold the place of what loads, so nothing the reader sees jumps when the thread
// and then the form arrive: measured as Chromium measures Cumulative Layout Shift.
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { heading, post, useBrowser } from "./widget-helpers.ts";

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

interface Frame {
  stage: string;
  height: number;
  top: number;
}

interface Shift {
  value: number;
  sources: { node: string; from: number; to: number }[];
}

/** Opens `path` with a layout-shift observer in place before any script runs. */
async function openMeasured(path: string, width = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.addInitScript(() => {
    const shifts: Shift[] = [];
    (window as unknown as { shifts: Shift[] }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      }[]) {
        if (e.hadRecentInput) continue;
        shifts.push({
          value: e.value,
          sources: e.sources.map((s) => ({
            node: s.node?.nodeName ?? "?",
            from: s.previousRect.top,
            to: s.currentRect.top,
          })),
        });
      }
    }).observe({ type: "layout-shift", buffered: true });
    // Each frame: which stage the widget is at, its height, and where its top line is.
    const frames: Frame[] = [];
    (window as unknown as { frames: Frame[] }).frames = frames;
    const look = () => {
      const host = document.querySelector("#comments");
      const root = host?.shadowRoot;
      if (host && root) {
        const stage = root.querySelector(".skeleton")
          ? "skeleton"
          : root.querySelector(".placeholder")
            ? "thread"
            : root.querySelector("form")
              ? "form"
              : "other";
        const top = root.querySelector(".skeleton .bone, h2")?.getBoundingClientRect().top ?? -1;
        const last = frames.at(-1);
        const height = host.getBoundingClientRect().height;
        if (!last || last.stage !== stage || last.height !== height) frames.push({ stage, height, top });
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(inject("hostUrl") + path);
  return page;
}

/** The form is the last thing to arrive; then give late shifts a moment to be reported. */
async function settled(page: Page, count: string): Promise<Shift[]> {
  await heading(page, "#comments", count);
  await page.locator("#comments form textarea").first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  return page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
}

const framesOf = (page: Page) => page.evaluate(() => (window as unknown as { frames: Frame[] }).frames);

const total = (shifts: Shift[]) => shifts.reduce((n, s) => n + s.value, 0);

const sourcesOf = (shifts: Shift[]) => shifts.flatMap((s) => s.sources);

describe("layout while the widget loads", () => {
  it("moves nothing once the skeleton is drawn, when an empty thread and then its form arrive", async () => {
    // One, two and three columns of fields in the form: the placeholders follow each layout.
    for (const width of [900, 500, 340]) {
      const page = await openMeasured("/layout-empty", width);
      const shifts = await settled(page, "No comments yet");
      const frames = await framesOf(page);
      expect(
        frames.map((f) => f.stage),
        `${width}`,
      ).toEqual(["skeleton", "thread", "form"]);
      // Skeleton, thread with the form's placeholder, and thread with the form: one height.
      const [skeleton] = frames as [Frame];
      for (const f of frames) {
        expect(Math.abs(f.height - skeleton.height), `${width} ${f.stage}`).toBeLessThan(1);
        expect(f.top, `${width} ${f.stage}`).toBe(skeleton.top);
      }
      // The only move the page may see is the footer making room for the skeleton: the container
      // is empty until embed.js runs (docs/widget.md says how a page can reserve that room too).
      // When embed.js runs before the first paint there is no move at all.
      expect(shifts.length, `${width}`).toBeLessThanOrEqual(1);
      const footer = await page.evaluate(() => document.querySelector("footer")?.getBoundingClientRect().top);
      for (const insert of sourcesOf(shifts)) {
        expect(insert.node).toBe("FOOTER");
        // …straight to where it stays.
        expect(Math.round(insert.to)).toBe(Math.round(footer ?? -1));
      }
      await page.close();
    }
  });

  it("only grows downwards when a thread with comments arrives: nothing above or inside moves", async () => {
    for (let i = 0; i < 6; i++) {
      await post("/layout-busy", `Reader ${i}`, `Comment number ${i}, two lines\n\nof text.`);
    }
    const page = await openMeasured("/layout-busy");
    const shifts = await settled(page, "6 comments");
    const frames = await framesOf(page);
    expect(frames.map((f) => f.stage)).toEqual(["skeleton", "thread", "form"]);
    // The heading stands where the skeleton's title bar stood, and each stage is no shorter.
    for (const [i, f] of frames.entries()) {
      expect(f.top).toBe(frames[0]?.top);
      if (i > 0) expect(f.height).toBeGreaterThanOrEqual((frames[i - 1] as Frame).height - 0.5);
    }
    // What moves is the host's footer below the widget; within "good" Cumulative Layout Shift.
    expect(sourcesOf(shifts).map((s) => s.node)).toEqual(sourcesOf(shifts).map(() => "FOOTER"));
    expect(total(shifts)).toBeLessThan(0.1);
    await page.close();
  });
});
