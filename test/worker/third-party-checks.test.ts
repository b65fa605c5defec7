// Turnstile and Akismet, through local servers that speak their real protocols (fake-services.ts).
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { TURNSTILE_SECRET, TURNSTILE_SLOW_TOKEN } from "../fakes/fixtures.ts";
import {
  ARTICLE,
  addSite,
  adminJson,
  getThread,
  post,
  RESET_SQL,
  selfNetwork,
  slotCount,
  snapshot,
} from "./helpers.ts";

const log = async (which: "turnstileUrl" | "akismetUrl") =>
  (await (await fetch(`${inject(which)}/__log`)).json()) as Record<string, string>[];

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("Turnstile", () => {
  beforeEach(async () => {
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: { turnstileSiteKey: "site-key-1", turnstileSecret: TURNSTILE_SECRET },
    });
  });

  it("publishes the site key and verifies the token server-side before writing", async () => {
    const { json: page } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(page.site.turnstileSiteKey).toBe("site-key-1");
    expect(JSON.stringify(page)).not.toContain(TURNSTILE_SECRET);
    const { res, json } = await post(
      { text: "human", turnstileToken: "valid-token-blog" },
      { "CF-Connecting-IP": "192.0.2.44" },
    );
    expect(res.status).toBe(201);
    expect(json.comment.status).toBe("approved");
    const calls = (await log("turnstileUrl")).filter((c) => c.response === "valid-token-blog");
    expect(calls).toEqual([
      {
        path: "/turnstile/v0/siteverify",
        secret: TURNSTILE_SECRET,
        response: "valid-token-blog",
        remoteip: "192.0.2.44",
      },
    ]);
  });

  it("requires a token, and refuses a bad, reused, foreign-host or slow one, writing nothing", async () => {
    expect((await post({ text: "first use", turnstileToken: "valid-token-blog-2" })).res.status).toBe(201);
    const before = await snapshot({ except: ["rate_slots"] });
    const missing = await post({ text: "no token" });
    expect([missing.res.status, missing.json.error?.fields]).toEqual([400, { turnstileToken: "required" }]);
    for (const token of ["forged", "valid-token-blog-2", "valid-token-other-host", TURNSTILE_SLOW_TOKEN]) {
      const { res, json } = await post({ text: `with ${token}`, turnstileToken: token });
      expect([res.status, json.error?.code], token).toEqual([403, "forbidden"]);
    }
    expect(await snapshot({ except: ["rate_slots"] })).toBe(before);
    // Each refused token still took its rate-limit slot (taken before Turnstile is asked); the
    // request without a token was refused before that.
    expect(await slotCount(`post:blog:${await selfNetwork()}`)).toBe(5);
  }, 20_000);

  it("spends no token on a comment refused by the local checks", async () => {
    const { res } = await post({ text: "x", trap: "bot", turnstileToken: "valid-token-blog-3" });
    expect(res.status).toBe(403);
    expect((await log("turnstileUrl")).some((c) => c.response === "valid-token-blog-3")).toBe(false);
  });
});

describe("Akismet", () => {
  it("checks each comment and holds what Akismet calls spam, with the reason", async () => {
    const { json } = await post(
      { author: { name: "akismet-guaranteed-spam", email: "s@example.com" }, text: "cheap watches" },
      { "CF-Connecting-IP": "192.0.2.55", "User-Agent": "SpamBot/1.0" },
    );
    expect(json.comment.status).toBe("pending");
    const queue = await adminJson("/comments?site=blog");
    expect(queue.comments[0].moderationReasons).toEqual(["spam check: akismet: spam"]);
    const call = (await log("akismetUrl")).findLast((c) => c.path === "/1.1/comment-check");
    expect(call).toMatchObject({
      api_key: "test-akismet-key",
      blog: "https://blog.example.com",
      comment_type: "comment",
      comment_author: "akismet-guaranteed-spam",
      comment_author_email: "s@example.com",
      comment_content: "cheap watches",
      user_ip: "192.0.2.55",
      user_agent: "SpamBot/1.0",
    });
    expect((await post({ text: "a normal remark" })).json.comment.status).toBe("approved");
  });

  it("refuses what Akismet says to discard, writing nothing but the attempt's rate-limit slot", async () => {
    const before = await snapshot({ except: ["rate_slots"] });
    const { res } = await post({ text: "this is blatant spam" });
    expect(res.status).toBe(403);
    expect(await snapshot({ except: ["rate_slots"] })).toBe(before);
    expect(await slotCount(`post:blog:${await selfNetwork()}`)).toBe(1);
  });

  it("learns from moderators: spam sends submit-spam, approving a held comment sends submit-ham", async () => {
    const spam = (await post({ text: "looks fine, is not" })).json.comment.id;
    const held = (await post({ author: { name: "akismet-guaranteed-spam" }, text: "false alarm" })).json
      .comment.id;
    await adminJson(`/comments/${spam}`, { method: "PATCH", body: { status: "spam" } });
    await adminJson(`/comments/${held}`, { method: "PATCH", body: { status: "approved" } });
    const submitted = async () =>
      (await log("akismetUrl"))
        .filter((c) => c.path !== "/1.1/comment-check")
        .map((c) => [c.path, c.comment_content]);
    // The submissions go after the answers; the fake's log is shared with other files' tests
    // (a Webmention's spam, say), so wait for these two rather than for a count.
    await expect.poll(submitted, { timeout: 5_000, interval: 50 }).toEqual(
      expect.arrayContaining([
        ["/1.1/submit-spam", "looks fine, is not"],
        ["/1.1/submit-ham", "false alarm"],
      ]),
    );
  });
});
