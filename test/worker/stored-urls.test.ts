// Stored URLs are the URL parser's href, never the text as typed: a website such as
// https://ok.example/"onmouseover="alert(1) comes back with its quotes percent-encoded, and so do
// page URLs, thread URLs and webhook URLs. A page keeps its thread whichever way its URL is typed.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pageKeyFromUrl } from "../../shared/page-key.ts";
import { addSite, adminJson, BLOG, getThread, post, RESET_SQL } from "./helpers.ts";

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("stored URLs", () => {
  it("stores and answers a website as its URL.href", async () => {
    const typed = 'https://ok.example/"onmouseover="alert(1)';
    const { res, json } = await post({ author: { name: "Eve", website: ` ${typed} ` }, text: "hi" });
    expect(res.status).toBe(201);
    const href = "https://ok.example/%22onmouseover=%22alert(1)";
    expect(json.comment.author?.website).toBe(href);
    const row = await env.DB.prepare("SELECT author_website FROM comments WHERE id = ?1")
      .bind(json.comment.id)
      .first<string>("author_website");
    expect(row).toBe(href);
    const spaced = await post({ author: { website: "https://ok.example/a b<c>" }, text: "spaces" });
    expect(spaced.json.comment.author?.website).toBe("https://ok.example/a%20b%3Cc%3E");
  });

  it("stores a page URL as its href and keeps the thread of the URL as typed", async () => {
    const typed = `${BLOG}/a page/"quoted"?b=2&a=1`;
    const first = await post({ url: typed, text: "one" });
    expect(first.res.status).toBe(201);
    const thread = await env.DB.prepare("SELECT url, page_key FROM threads").first<any>();
    expect(thread).toEqual({
      url: `${BLOG}/a%20page/%22quoted%22?b=2&a=1`,
      page_key: pageKeyFromUrl(typed),
    });
    // The same page typed either way is one thread.
    await post({ url: thread.url, text: "two" });
    expect((await getThread(`site=blog&url=${encodeURIComponent(typed)}`)).json.comments).toHaveLength(2);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM threads").first<number>("n")) ?? 0).toBe(1);
  });

  it("stores a thread's new URL and a webhook URL as their href", async () => {
    await post({ text: "x" });
    const { threads } = await adminJson("/threads?site=blog");
    const { thread } = await adminJson(`/threads/${threads[0].id}`, {
      method: "PATCH",
      body: { url: `${BLOG}/new "place"` },
    });
    expect(thread.url).toBe(`${BLOG}/new%20%22place%22`);
    const { site } = await adminJson("/sites/blog", {
      method: "PATCH",
      body: { webhookUrl: 'https://hooks.example.com/x"y' },
    });
    expect(site.webhookUrl).toBe("https://hooks.example.com/x%22y");
  });
});
