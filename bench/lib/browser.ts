// The widget in real Chromium on a large thread: from the script's start (the `confab:start`
// mark) to the first comments painted (`confab:first-comment`, set in an effect, which Preact runs
// after the frame), the page's scripting time and JS heap (Chrome's Performance domain) and the
// long tasks (PerformanceObserver). The host page is on another origin, as on a real blog.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, normalize } from "node:path";
import { launch } from "../../test/e2e/browser.ts";
import { ROOT } from "./paths.ts";

export interface BrowserRun {
  /** Milliseconds from `confab:start` to `confab:first-comment`. */
  firstCommentMs: number;
  /** When the script started, in milliseconds since navigation. */
  scriptStartMs: number;
  /** Milliseconds from `confab:start` until the thread was asked for, and until its answer was in. */
  askedMs: number;
  answerMs: number;
  commentsShown: number;
  scriptingMs: number;
  /** Style recalculation and layout, the rest of the main thread's work. */
  styleLayoutMs: number;
  heapUsedMB: number;
  longTasks: number[];
  /** When each long task started, in ms from `confab:start` (negative: before the script ran). */
  longTaskStarts: number[];
  /** When write.js had arrived, in ms from `confab:start`. */
  writeMs: number;
}

export interface BrowserResult {
  runs: BrowserRun[];
  median: {
    firstCommentMs: number;
    answerMs: number;
    scriptingMs: number;
    styleLayoutMs: number;
    heapUsedMB: number;
    commentsShown: number;
  };
  longestTaskMs: number;
  longTasksOver50: number;
}

const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css" };

function hostPage(workerUrl: string, site: string, url: string): string {
  // The observer starts before the widget, so every long task of the page is seen.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench post</title>
<script>window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) __longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });</script>
</head><body><h1>Bench post</h1><p>Article text.</p><div id="comments"></div>
<script src="/embed.js" data-site="${site}" data-url="${url}" data-api="${workerUrl}" data-loading="eager" async></script>
</body></html>`;
}

/** Serves the host page and the built widget (dist/) on 127.0.0.1. */
async function hostServer(
  workerUrl: string,
  site: string,
  url: string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? "/", "http://host").pathname);
    const file = `${ROOT}dist${path}`;
    if (path !== "/" && !path.includes("..") && existsSync(file)) {
      res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(hostPage(workerUrl, site, url));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** `runs` page loads, each in a fresh context (empty cache), after one unrecorded warm-up. */
export async function measureBrowser(
  workerUrl: string,
  q: { site: string; url: string; runs?: number },
): Promise<BrowserResult> {
  const host = await hostServer(workerUrl, q.site, q.url);
  const browser = await launch();
  const runs: BrowserRun[] = [];
  try {
    for (let i = 0; i <= (q.runs ?? 5); i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable");
      await page.goto(host.url, { waitUntil: "load", timeout: 20_000 });
      await page.waitForFunction(
        () => performance.getEntriesByName("confab:first-comment").length > 0,
        null,
        {
          timeout: 20_000,
        },
      );
      // Let the rest settle (the form's chunk, idle work) so late long tasks are seen too.
      await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
      await page.waitForTimeout(300);
      const marks = await page.evaluate(() => {
        const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
        const root = document.getElementById("comments")?.shadowRoot;
        const answer = performance
          .getEntriesByType("resource")
          .find((e) => e.name.includes("/api/v1/threads")) as PerformanceResourceTiming | undefined;
        return {
          asked: answer?.startTime ?? Number.NaN,
          answer: answer?.responseEnd ?? Number.NaN,
          start: at("confab:start"),
          first: at("confab:first-comment"),
          shown: root?.querySelectorAll("article[id^='comment-']").length ?? 0,
          longTasks: (window as unknown as { __longTasks: [number, number][] }).__longTasks,
          write:
            (
              performance.getEntriesByType("resource").find((e) => /\/write\.js/.test(e.name)) as
                | PerformanceResourceTiming
                | undefined
            )?.responseEnd ?? Number.NaN,
        };
      });
      const { metrics } = (await cdp.send("Performance.getMetrics")) as {
        metrics: { name: string; value: number }[];
      };
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      await context.close();
      if (i === 0) continue;
      runs.push({
        firstCommentMs: Math.round((marks.first - marks.start) * 10) / 10,
        scriptStartMs: Math.round(marks.start),
        askedMs: Math.round((marks.asked - marks.start) * 10) / 10,
        answerMs: Math.round((marks.answer - marks.start) * 10) / 10,
        commentsShown: marks.shown,
        scriptingMs: Math.round(metric("ScriptDuration") * 1000 * 10) / 10,
        styleLayoutMs:
          Math.round((metric("RecalcStyleDuration") + metric("LayoutDuration")) * 1000 * 10) / 10,
        heapUsedMB: Math.round((metric("JSHeapUsedSize") / 1024 / 1024) * 10) / 10,
        longTasks: marks.longTasks.map(([, d]) => Math.round(d)),
        longTaskStarts: marks.longTasks.map(([t]) => Math.round(t - marks.start)),
        writeMs: Math.round(marks.write - marks.start),
      });
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => host.server.close(resolve));
  }
  const all = runs.flatMap((r) => r.longTasks);
  return {
    runs,
    median: {
      firstCommentMs: median(runs.map((r) => r.firstCommentMs)),
      answerMs: median(runs.map((r) => r.answerMs)),
      scriptingMs: median(runs.map((r) => r.scriptingMs)),
      styleLayoutMs: median(runs.map((r) => r.styleLayoutMs)),
      heapUsedMB: median(runs.map((r) => r.heapUsedMB)),
      commentsShown: median(runs.map((r) => r.commentsShown)),
    },
    longestTaskMs: all.length ? Math.max(...all) : 0,
    longTasksOver50: all.filter((d) => d > 50).length,
  };
}
