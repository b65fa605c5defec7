// The browser half of the content-safety proof (issue #6): the whole hostile corpus, posted through
// the real API, rendered by the real widget in Chromium, must run no script. Tripwires: a dialog,
// any write to `window.__xss`, a request to any origin but the worker and the host page, a new
// frame, popup or navigation, and, in the widget's DOM, any `on*` attribute, script-scheme link or
// element outside the comment allowlist. The hostile names and websites are tested the same way.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LIMITS } from "../../shared/limits.ts";
import { HOSTILE_INPUTS, HOSTILE_NAMES, HOSTILE_WEBSITES } from "../fixtures/hostile-inputs.ts";
import { launch } from "./browser.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

const SITE = "hostile-corpus";

let browser: Browser;
let host: Server;
let hostOrigin = "";
let workerUrl = "";

/** What was posted and what the API did with it. */
const posted = {
  inputs: 0,
  /** Corpus entries left out: longer than the text limit even on their own. */
  tooLong: 0,
  /** Refused with a 4xx, by reason: those never reach a page, so the browser cannot test them. */
  refused: [] as string[],
  /** Comments stored (201) and so visible to every reader: the widget must draw exactly these. */
  stored: 0,
  /** Stored but not approved (held): none expected, since this site holds nothing. */
  held: [] as string[],
  /** POSTs sent again because `wrangler dev` restarted the worker under them (see RESTARTED). */
  restarts: 0,
  /** Answers of 500 and above: each is a bug. */
  failures: [] as string[],
  /** Stored names, as the API answered them, with whether they carry a website. */
  names: [] as { name: string; website: string | null }[],
  /** Websites the API accepted, as stored. */
  websites: [] as string[],
};

const codePoints = (s: string) => [...s].length;

/**
 * `wrangler dev` restarts the worker whenever dist/ is rebuilt, and answers a POST caught in the
 * restart with this 503 of its own (GETs it retries itself). Such a POST is sent again with the
 * same idempotency key, so a comment that did get stored is not stored twice.
 */
const RESTARTED = "Your worker restarted mid-request";

async function postComment(author: { name?: string; website?: string } | null, text: string) {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${workerUrl}/api/v1/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: hostOrigin, "Idempotency-Key": key },
      body: JSON.stringify({ site: SITE, url: `${hostOrigin}/corpus`, author, text, elapsedMs: 60_000 }),
    });
    const body = await res.text();
    if (res.status === 503 && body.startsWith(RESTARTED) && attempt < 5) {
      posted.restarts++;
      await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
      continue;
    }
    let json: any = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = { error: { code: body.slice(0, 200) } };
    }
    return { status: res.status, json };
  }
}

/**
 * Every corpus entry as a comment of its own, so no neighbour's Markdown (an open fence, a list)
 * can change how it renders. Texts must differ (the duplicate check refuses the same text from
 * one network): an entry seen before gets a counter line in front.
 */
function corpusTexts(): string[] {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const [i, entry] of HOSTILE_INPUTS.entries()) {
    const text = seen.has(entry.trim()) ? `#${i}\n\n${entry}` : entry;
    if (codePoints(text.trim()) > LIMITS.textMax) {
      posted.tooLong++;
      continue;
    }
    seen.add(text.trim());
    texts.push(text);
  }
  return texts;
}

async function inChunks<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

async function postAll() {
  const record = (what: string, status: number, json: any) => {
    if (status >= 500) posted.failures.push(`${what}: ${status} ${JSON.stringify(json?.error)}`);
    else if (status !== 201)
      posted.refused.push(`${what}: ${status} ${JSON.stringify(json?.error?.fields ?? json?.error?.code)}`);
    // Nothing is held on this site: a held comment would be invisible to the browser.
    else if (json.comment.status !== "approved") posted.held.push(`${what}: ${json.comment.status}`);
    else posted.stored++;
    return status === 201 && json.comment.status === "approved";
  };
  const texts = corpusTexts();
  posted.inputs = texts.length;
  await inChunks(texts, 20, async (text) => {
    const { status, json } = await postComment(null, text);
    record(JSON.stringify(text.slice(0, 40)), status, json);
  });
  // Each name twice: as plain text (no website) and inside the website link.
  for (const [i, name] of HOSTILE_NAMES.entries()) {
    for (const website of [null, "https://example.com/ok"]) {
      const { status, json } = await postComment(
        website ? { name, website } : { name },
        `name ${i} ${website}`,
      );
      if (record(`name ${JSON.stringify(name)}`, status, json))
        posted.names.push({ name: json.comment.author.name, website: json.comment.author.website });
    }
  }
  for (const [i, website] of HOSTILE_WEBSITES.entries()) {
    const { status, json } = await postComment({ name: `site ${i}`, website }, `website ${i}`);
    if (record(`website ${JSON.stringify(website)}`, status, json))
      posted.websites.push(json.comment.author.website);
  }
}

beforeAll(async () => {
  workerUrl = inject("workerUrl");
  const res = await fetch(`${workerUrl}/api/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      id: SITE,
      name: "Hostile corpus",
      origins: ["http://localhost:*"],
      moderation: "none",
      maxLength: LIMITS.textMax,
      maxLinks: 0,
      minSubmitMs: 0,
      rateLimitPerMinute: 0,
      rateLimitPerHour: 0,
    }),
  });
  expect(res.status).toBe(201);
  // The host page: only the embed snippet. Each path is its own thread.
  host = createServer((_req, out) => {
    out.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    out.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile corpus</title></head>
<body><h1>Hostile corpus</h1><div id="comments"></div>
<script src="${workerUrl}/embed.js" data-site="${SITE}" data-loading="eager" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
  await postAll();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

/** Opens `path` of the host page with every tripwire set before any script of the page runs. */
async function openTrapped(path: string, before?: (page: Page) => Promise<unknown>) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const trips = {
    xss: [] as string[],
    dialogs: [] as string[],
    foreign: [] as string[],
    frames: [] as string[],
    popups: [] as string[],
    navigations: [] as string[],
    errors: [] as string[],
  };
  await page.exposeFunction("__confabTrip", (value: string) => {
    trips.xss.push(value);
  });
  await page.addInitScript(() => {
    const trip = (value: unknown) => (window as any).__confabTrip?.(String(value));
    Object.defineProperty(window, "__xss", {
      configurable: false,
      get: () => undefined,
      set: trip,
    });
  });
  page.on("dialog", (dialog) => {
    trips.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  const allowed = new Set([new URL(workerUrl).origin, hostOrigin]);
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    trips.foreign.push(url);
    return route.abort();
  });
  page.on("frameattached", (frame) => trips.frames.push(frame.url()));
  page.on("popup", (popup) => trips.popups.push(popup.url()));
  const target = hostOrigin + path;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && frame.url() !== target) trips.navigations.push(frame.url());
  });
  page.on("pageerror", (e) => trips.errors.push(String(e)));
  await before?.(page);
  await page.goto(target);
  return { page, trips };
}

/**
 * Everything in the widget's DOM that could run script or reach out: `on*` attributes anywhere,
 * script-scheme URLs in any attribute, active elements, and anything in a comment body outside the
 * comment allowlist. Walks the shadow root and any shadow root inside it.
 */
function domProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const BODY: Record<string, string[]> = {
      p: [],
      br: [],
      em: [],
      strong: [],
      s: [],
      code: ["class"],
      pre: [],
      blockquote: [],
      ul: [],
      ol: ["start"],
      li: [],
      a: ["href", "title", "rel", "target"],
    };
    const ACTIVE = /^(script|iframe|frame|object|embed|img|image|video|audio|source|link|meta|base|style)$/;
    const URL_ATTR = /^(href|src|srcset|action|formaction|data|poster|background|xlink:href|ping)$/;
    // What a browser would treat as the scheme: control characters and whitespace are skipped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
    const scheme = (v: string) => v.replace(/[\u0000-\u0020\u007f-\u00a0]/g, "").toLowerCase();
    const label = (el: Element) =>
      `<${el.localName}${[...el.attributes].map((a) => ` ${a.name}="${a.value}"`).join("")}>`;
    const walk = (root: ParentNode) => {
      for (const el of root.querySelectorAll("*")) {
        for (const attr of el.attributes) {
          if (attr.name.toLowerCase().startsWith("on"))
            problems.push(`event handler attribute: ${label(el)}`);
          if (URL_ATTR.test(attr.name) && /^(javascript|vbscript|data):/.test(scheme(attr.value)))
            problems.push(`script-scheme URL: ${label(el)}`);
        }
        if (ACTIVE.test(el.localName)) problems.push(`active element: ${label(el)}`);
        if (el.closest(".body") && el.closest(".body") !== el) {
          const allowed = BODY[el.localName];
          if (!allowed) problems.push(`element outside the allowlist in a body: ${label(el)}`);
          else
            for (const attr of el.attributes)
              if (!allowed.includes(attr.name))
                problems.push(`attribute outside the allowlist: ${label(el)}`);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    const root = document.querySelector("#comments")?.shadowRoot;
    if (!root) return ["the widget has no shadow root"];
    walk(root);
    return problems;
  });
}

/** Every tripwire and DOM problem, as readable lines; empty when nothing ran or reached out. */
async function problems(page: Page, trips: Awaited<ReturnType<typeof openTrapped>>["trips"]) {
  const dom = await domProblems(page);
  return [
    ...trips.xss.map((v) => `window.__xss set to ${v}`),
    ...trips.dialogs.map((d) => `dialog ${d}`),
    ...trips.foreign.map((u) => `request to a foreign origin: ${u}`),
    ...trips.frames.map((u) => `frame attached: ${u}`),
    ...trips.popups.map((u) => `popup: ${u}`),
    ...trips.navigations.map((u) => `navigated to ${u}`),
    ...trips.errors.map((e) => `page error: ${e}`),
    ...dom,
  ];
}

/**
 * Runs every inline handler a payload could have hidden: synthetic pointer, mouse and focus events
 * on every element, real focus on everything focusable, then a real mouse over every link.
 */
async function provoke(page: Page) {
  await page.evaluate(() => {
    const root = document.querySelector("#comments")?.shadowRoot;
    const events = ["pointerover", "pointerenter", "mouseover", "mouseenter", "mousemove", "mouseout"];
    for (const el of root?.querySelectorAll("*") ?? []) {
      for (const type of events) el.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
      for (const type of ["focus", "focusin", "blur", "animationstart", "transitionend", "toggle"])
        el.dispatchEvent(new Event(type, { bubbles: type !== "focus" && type !== "blur" }));
      if (el instanceof HTMLElement && el.matches("a[href], button, input, select, textarea, [tabindex]")) {
        el.focus();
        el.blur();
      }
    }
  });
  // The mouse itself over every link a comment's author wrote: in bodies, and the names.
  const links = page.locator("#comments article :is(.body a, a.name)");
  const n = await links.count();
  let hovered = 0;
  for (let i = 0; i < n; i++) {
    const link = links.nth(i);
    await link.scrollIntoViewIfNeeded();
    const box = await link.boundingBox();
    if (!box?.width || !box.height) continue; // an empty link has nothing to point at
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    hovered++;
  }
  return hovered;
}

const articles = (page: Page) => page.locator("#comments article.comment");

/** Clicks "Load more comments" and "Show more replies" until every comment is drawn. */
async function loadEverything(page: Page) {
  const more = page
    .locator("#comments")
    .getByRole("button", { name: /^(Load more comments|Show more replies)$/ });
  for (let clicks = 0; clicks < 100; clicks++) {
    if ((await more.count()) === 0) return clicks;
    const before = await articles(page).count();
    await more.first().click();
    await expect.poll(() => articles(page).count(), { timeout: 10_000 }).toBeGreaterThan(before);
    // The page is drawn in chunks, so the count grows before the answer to this click is in:
    // wait until no button is still busy, or the next click could land on one about to go.
    await expect
      .poll(async () => (await more.count()) === 0 || (await more.first().isEnabled()), { timeout: 10_000 })
      .toBe(true);
  }
  throw new Error("still more to load after 100 clicks");
}

describe("the hostile corpus in the widget", () => {
  it("was posted and stored without a single 500", () => {
    console.info(
      `hostile corpus: ${HOSTILE_INPUTS.length} inputs, ${posted.inputs} posted, ${posted.tooLong} too long,` +
        ` ${posted.stored} comments stored (with names and websites), ${posted.refused.length} refused, ${posted.restarts} resent after a dev-server restart:\n  ${[...posted.failures, ...posted.held, ...posted.refused].join("\n  ")}`,
    );
    expect(posted.failures).toEqual([]);
    expect(posted.held).toEqual([]);
    // Nearly everything is stored (a few inputs are invalid, such as a NUL character).
    expect(posted.stored).toBeGreaterThan(HOSTILE_INPUTS.length * 0.9);
    expect(posted.names).toHaveLength(HOSTILE_NAMES.length * 2);
    expect(posted.websites.length).toBeGreaterThan(0);
  });

  it("renders every stored comment and runs no script, sends no foreign request", async () => {
    const { page, trips } = await openTrapped("/corpus");
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe(`${posted.stored} comments`);
    const clicks = await loadEverything(page);
    expect(await articles(page).count()).toBe(posted.stored);
    const hovered = await provoke(page);
    // Give anything that was provoked (a late error event, a timer) a moment to fire.
    await page.waitForTimeout(300);

    expect(await problems(page, trips)).toEqual([]);

    // Names are text: each is exactly the text of a `.name`, as often as it was posted.
    const names = await page.locator("#comments article.comment header .name").evaluateAll((els) =>
      els.map((el) => ({
        text: el.textContent,
        website: el.localName === "a" ? el.getAttribute("href") : null,
        children: el.children.length,
      })),
    );
    for (const { name, website } of posted.names) {
      expect(
        names.filter((n) => n.text === name && n.website === website && n.children === 0),
        JSON.stringify(name),
      ).toHaveLength(posted.names.filter((p) => p.name === name && p.website === website).length);
    }
    // Accepted websites are the name's link, exactly as stored; the refused ones left no trace.
    for (const website of posted.websites)
      expect(
        names.some((n) => n.website === website),
        website,
      ).toBe(true);
    expect(names.every((n) => n.website === null || /^https?:\/\//.test(n.website))).toBe(true);
    console.info(
      `rendered ${await articles(page).count()} comments after ${clicks} clicks; hovered ${hovered} links`,
    );
    await page.close();
  });

  it("keeps the widget's own allowlist when the server's HTML is the raw corpus", async () => {
    // Old rows and imports must not reach the page unchecked: every comment of the thread answer
    // gets a corpus entry as its stored HTML, unrendered, and the widget's sanitiser alone stands.
    // Each comment id keeps its entry, however often its page is fetched.
    const entries = new Map<string, string>();
    const { page, trips } = await openTrapped("/corpus", (page) =>
      page.route(`${workerUrl}/api/v1/threads?**`, async (route) => {
        const response = await route.fetch();
        const data = await response.json();
        for (const comment of data.comments) {
          if (!entries.has(comment.id))
            entries.set(comment.id, HOSTILE_INPUTS[entries.size % HOSTILE_INPUTS.length] as string);
          comment.html = entries.get(comment.id);
        }
        await route.fulfill({ response, json: data });
      }),
    );
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe(`${posted.stored} comments`);
    await loadEverything(page);
    expect(await articles(page).count()).toBe(posted.stored);
    expect(entries.size).toBeGreaterThanOrEqual(HOSTILE_INPUTS.length);
    const hovered = await provoke(page);
    console.info(`raw corpus: ${entries.size} comments given raw HTML; hovered ${hovered} links`);
    await page.waitForTimeout(300);
    expect(await problems(page, trips)).toEqual([]);
    await page.close();
  });

  it("self-check: the tripwires do catch a script that runs and a request that leaves", async () => {
    const { page, trips } = await openTrapped("/self-check");
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe("No comments yet");
    expect(await problems(page, trips)).toEqual([]);
    // What the widget must never do, done by hand inside its shadow root.
    await page.evaluate(() => {
      const root = document.querySelector("#comments")?.shadowRoot;
      const div = document.createElement("div");
      div.innerHTML =
        '<img src=x onerror="window.__xss=1"><img src=y onerror="alert(1)">' +
        '<a href=" JaVa&#x09;script:void 0">x</a><img src="https://evil.example/pixel.png" alt="">';
      root?.querySelector<HTMLElement>(".thread")?.appendChild(div);
    });
    await expect.poll(() => trips.xss.length + trips.dialogs.length + trips.foreign.length).toBe(3);
    const found = await problems(page, trips);
    expect(found).toEqual(
      expect.arrayContaining([
        "window.__xss set to 1",
        "dialog alert: 1",
        "request to a foreign origin: https://evil.example/pixel.png",
        expect.stringMatching(/^event handler attribute: <img src="x" onerror=/),
        expect.stringMatching(/^script-scheme URL: <a href=/),
        expect.stringMatching(/^active element: <img/),
      ]),
    );
    await page.close();
  });
});
