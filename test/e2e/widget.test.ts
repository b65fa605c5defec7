// Real Chromium, real worker: the demo article shows the seed discussion threaded as in the
// WordPress export, and a host page on another origin with only the embed snippet can post,
// reply to a reply, and find it all nested the same after a reload.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseWxr } from "../../worker/src/import/wxr-parse.ts";
import { launch } from "./browser.ts";

const ARTICLE = "/2011/04/01/late-night-libya-update-defections-and-secret-talks/";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Each rendered comment as [author name, depth, parent comment id], read from the shadow DOM. */
function readTree(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector("#comments")?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll("article.comment")].map((article) => {
      let depth = 0;
      let parentId: string | null = null;
      let li = article.closest("li")?.parentElement?.closest("li");
      if (li) parentId = li.querySelector(":scope > article")?.id ?? null;
      while (li) {
        depth++;
        li = li.parentElement?.closest("li");
      }
      return {
        id: article.id,
        name: article.querySelector(".name")?.textContent ?? "",
        text: article.querySelector(".body")?.textContent ?? "",
        depth,
        parentId,
      };
    });
  });
}

async function postVia(page: Page, form: ReturnType<Page["locator"]>, name: string, text: string) {
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Comment", { exact: true }).fill(text);
  await form.getByRole("button", { name: "Post comment" }).click();
  await expect.poll(async () => (await readTree(page)).some((c) => c.text.includes(text))).toBe(true);
}

describe("demo article", () => {
  it("shows the 16-comment seed discussion, threaded exactly as in the export", async () => {
    const page = await browser.newPage();
    await page.goto(inject("workerUrl") + ARTICLE);
    // The widget loads lazily, when its container comes within a screen of the viewport.
    await page.locator("#comments").scrollIntoViewIfNeeded();
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe("16 comments");
    // The thread is drawn in chunks after the heading: wait for the last one.
    await expect.poll(() => page.locator("#comments article.comment").count()).toBe(16);

    const [post] = parseWxr(readFileSync("test/fixtures/seed-post.wxr", "utf8"));
    const depthOf = new Map<string, number>();
    const expected = (post?.comments ?? []).map((c) => {
      const depth = c.parent === "0" ? 0 : (depthOf.get(c.parent) ?? -99) + 1;
      depthOf.set(c.id, depth);
      return [c.author, depth];
    });
    const tree = await readTree(page);
    expect(tree.map((c) => [c.name, c.depth])).toEqual(expected);
    expect(Math.max(...tree.map((c) => c.depth))).toBe(2);
    await page.close();
  });
});

describe("embed snippet on another origin", () => {
  it("posts, replies to a reply, and keeps the nesting after a reload", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(inject("hostUrl"));
    expect(new URL(inject("hostUrl")).origin).not.toBe(new URL(inject("workerUrl")).origin);
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe("No comments yet");

    const stamp = Date.now().toString(36);
    const top = `Top-level ${stamp}`;
    const reply = `Reply ${stamp}`;
    const deeper = `Reply to the reply ${stamp}`;

    await postVia(page, page.locator("#comments form").last(), "Ann", top);
    await expect.poll(() => page.locator("#comments h2").textContent()).toBe("1 comment");

    const topId = (await readTree(page)).find((c) => c.text.includes(top))?.id ?? "";
    await page.locator(`#${topId}`).getByRole("button", { name: "Reply" }).click();
    await postVia(page, page.getByRole("form", { name: "Reply to Ann" }), "Bob", reply);

    const replyId = (await readTree(page)).find((c) => c.text.includes(reply))?.id ?? "";
    await page.locator(`#${replyId}`).getByRole("button", { name: "Reply" }).click();
    await postVia(page, page.getByRole("form", { name: "Reply to Bob" }), "Cy", deeper);
    await expect.poll(() => page.locator("#comments h2").textContent()).toBe("3 comments");

    const shape = (tree: Awaited<ReturnType<typeof readTree>>) =>
      tree.map((c) => ({ name: c.name, depth: c.depth, parentId: c.parentId }));
    const before = shape(await readTree(page));
    expect(before).toEqual([
      { name: "Ann", depth: 0, parentId: null },
      { name: "Bob", depth: 1, parentId: topId },
      { name: "Cy", depth: 2, parentId: replyId },
    ]);

    await page.reload();
    await expect
      .poll(() => page.locator("#comments h2").textContent(), { timeout: 15_000 })
      .toBe("3 comments");
    expect(shape(await readTree(page))).toEqual(before);

    // The host page's CSS (p { color: red }) stays outside the shadow root.
    const color = await page.evaluate(() => {
      const p = document.querySelector("#comments")?.shadowRoot?.querySelector(".body p");
      return p ? getComputedStyle(p).color : null;
    });
    expect(color).not.toBeNull();
    expect(color).not.toBe("rgb(255, 0, 0)");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says why the API refused, chosen by its field codes, next to the form, and keeps the text", async () => {
    const page = await browser.newPage();
    await page.goto(inject("hostUrl"));
    const form = page.locator("#comments form").last();
    await expect.poll(() => form.getByLabel("Name").count(), { timeout: 15_000 }).toBe(1);
    // Over the server's 10,000-character limit: the textarea does not cut it, the API refuses it.
    const tooLong = `kept text ${"x".repeat(10_000)}`;
    await form.getByLabel("Comment", { exact: true }).fill(tooLong);
    await form.getByRole("button", { name: "Post comment" }).click();
    await expect
      .poll(() => form.getByRole("alert").textContent())
      .toBe("Comment is too long (at most 10,000 characters).");
    expect(await form.getByLabel("Comment", { exact: true }).inputValue()).toBe(tooLong);
    await page.close();
  });
});
