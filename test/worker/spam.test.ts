// The spam pipeline: each named check, its site setting (0 turns a limit off), and what a
// moderator is told. Refusals write nothing; holds keep their reasons.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, adminJson, BLOG, post, RESET_SQL, reasonsOf, snapshot } from "./helpers.ts";

const net = (ip: string) => ({ "CF-Connecting-IP": ip });
const setSite = (patch: Record<string, unknown>) =>
  adminJson("/sites/blog", { method: "PATCH", body: patch });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("spam checks", () => {
  it("rejects a filled honeypot, writing nothing", async () => {
    const before = await snapshot();
    const { res, json } = await post({ text: "hello", trap: "http://spam.example" });
    expect([res.status, json.error?.code]).toEqual([403, "forbidden"]);
    expect(await snapshot()).toBe(before);
    expect((await post({ text: "hello", trap: "" })).res.status).toBe(201);
  });

  it("holds a comment sent faster than the site's minimum, unless the minimum is 0", async () => {
    const fast = (await post({ text: "quick", elapsedMs: 500 })).json.comment;
    expect(fast.status).toBe("pending");
    expect(await reasonsOf(fast.id)).toEqual(["spam check: submitted in 500 ms"]);
    expect((await post({ text: "patient", elapsedMs: 4000 })).json.comment.status).toBe("approved");
    await setSite({ minSubmitMs: 0 });
    expect((await post({ text: "quick again", elapsedMs: 10 })).json.comment.status).toBe("approved");
  });

  it("holds more links than the site allows (default 2)", async () => {
    expect((await post({ text: "https://a.example https://b.example" })).json.comment.status).toBe(
      "approved",
    );
    const many = (await post({ text: "https://a.example https://b.example https://c.example" })).json.comment;
    expect(many.status).toBe("pending");
    expect(await reasonsOf(many.id)).toEqual(["spam check: 3 links (site allows 2)"]);
    await setSite({ maxLinks: 0 });
    expect(
      (await post({ text: "https://a.example https://b.example https://d.example" })).json.comment.status,
    ).toBe("approved");
  });

  it("holds or rejects blocked words, as the site chose", async () => {
    await setSite({ blockedWords: ["Casino"] });
    const held = (await post({ text: "best CASINO offers" })).json.comment;
    expect(held.status).toBe("pending");
    expect(await reasonsOf(held.id)).toEqual(["spam check: blocked word: Casino"]);
    await setSite({ blockedWordsAction: "reject" });
    const before = await snapshot();
    const { res } = await post({ text: "casino again" });
    expect(res.status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it("refuses the same text from the same author or network on the same page within a day: 409 duplicate", async () => {
    expect(
      (await post({ author: { email: "a@example.com" }, text: "same words" }, net("192.0.2.1"))).res.status,
    ).toBe(201);
    const before = await snapshot();
    const again = await post({ author: { email: "a@example.com" }, text: "same words" }, net("198.51.100.1"));
    expect([again.res.status, again.json.error?.code]).toEqual([409, "duplicate"]);
    expect((await post({ text: "net words" }, net("203.0.113.5"))).res.status).toBe(201);
    const sameNet = await post({ text: "net words" }, net("203.0.113.77"));
    expect([sameNet.res.status, sameNet.json.error?.code]).toEqual([409, "duplicate"]);
    // Another author may say the same thing.
    expect(
      (await post({ author: { email: "b@example.com" }, text: "same words" }, net("192.0.2.9"))).res.status,
    ).toBe(201);
    expect(before).not.toBe(await snapshot());
  });

  it("publishes the same short reply on two pages, from one reader or two behind one network", async () => {
    const page = (n: number) => ({ url: `${BLOG}/post-${n}/` });
    const a = await post({ ...page(1), author: { name: "Ann" }, text: "Thanks!" }, net("192.0.2.20"));
    const b = await post({ ...page(2), author: { name: "Ann" }, text: "Thanks!" }, net("192.0.2.20"));
    const c = await post(
      { ...page(3), author: { name: "Bob", email: "bob@example.com" }, text: "Thanks!" },
      net("192.0.2.21"),
    );
    expect([a.json.comment.status, b.json.comment.status]).toEqual(["approved", "approved"]);
    // A third page from the same network: that is a pattern, held for a moderator, not refused.
    expect(c.res.status).toBe(201);
    expect(c.json.comment.status).toBe("pending");
    expect(await reasonsOf(c.json.comment.id)).toEqual(["spam check: the same text on 2 other pages today"]);
  });

  it("judges what readers will see: entities, emphasis, invisible and full-width characters", async () => {
    await setSite({ blockedWords: ["casino"] });
    for (const text of [
      "c&#97;sino",
      "c\u200Basino",
      "c**a**sino",
      "ｃａｓｉｎｏ night",
      "CA\u00ADSINO",
      "[fun](https://casino.example)",
    ]) {
      const { json } = await post({ text: `best ${text} here` });
      expect(json.comment?.status, text).toBe("pending");
      expect(await reasonsOf(json.comment.id), text).toEqual(["spam check: blocked word: casino"]);
    }
    // A word that is not shown is not held: raw HTML is shown as the text it is.
    expect((await post({ text: "c<b>a</b>sino" })).json.comment.status).toBe("approved");
  });

  it("counts links a reader can follow or copy, bare domains included", async () => {
    const held = (await post({ text: "www.a-shop.com and b-shop.net and https://c.example" })).json.comment;
    expect(held.status).toBe("pending");
    expect(await reasonsOf(held.id)).toEqual(["spam check: 3 links (site allows 2)"]);
    expect((await post({ text: "version 1.2.3 of file.txt, e.g. this" })).json.comment.status).toBe(
      "approved",
    );
  });

  it("refuses a banned author (see the ban tests for the ban itself)", async () => {
    await adminJson("/bans", {
      method: "POST",
      body: { site: "blog", kind: "email", value: "troll@example.com" },
    });
    const { res } = await post({ author: { email: "troll@example.com" }, text: "hi" });
    expect(res.status).toBe(403);
  });

  it("rate-limits per network per minute with Retry-After; a refusal takes no slot", async () => {
    await setSite({ rateLimitPerMinute: 3, rateLimitPerHour: 0 });
    for (let i = 0; i < 3; i++)
      expect((await post({ text: `n${i}` }, net("198.51.100.5"))).res.status).toBe(201);
    const before = await snapshot();
    const limited = await post({ text: "one too many" }, net("198.51.100.77"));
    expect([limited.res.status, limited.json.error?.code]).toEqual([429, "rate_limited"]);
    const retry = Number(limited.res.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await snapshot()).toBe(before);
    // Another network is not affected.
    expect((await post({ text: "elsewhere" }, net("203.0.113.1"))).res.status).toBe(201);
    const rows = await env.DB.prepare("SELECT key, minute_count FROM rate_slots ORDER BY key").all();
    expect(rows.results.map((r: any) => r.minute_count).sort()).toEqual([1, 3]);
    expect(JSON.stringify(rows.results)).not.toContain("198.51.100");
  });

  it("gives exactly the limit when 50 posts from one network race: the slot is taken where it is checked", async () => {
    await setSite({ rateLimitPerMinute: 5, rateLimitPerHour: 0 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post({ text: `race ${i}` }, net("192.0.2.99"))),
    );
    expect(answers.filter((a) => a.res.status === 201)).toHaveLength(5);
    expect(answers.filter((a) => a.res.status === 429)).toHaveLength(45);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first("n")).toBe(5);
  });

  it("rate-limits per hour too, and 0 turns both limits off", async () => {
    await setSite({ rateLimitPerMinute: 0, rateLimitPerHour: 2 });
    await post({ text: "h1" }, net("192.0.2.200"));
    await post({ text: "h2" }, net("192.0.2.200"));
    const limited = await post({ text: "h3" }, net("192.0.2.200"));
    expect(limited.res.status).toBe(429);
    expect(Number(limited.res.headers.get("Retry-After"))).toBeLessThanOrEqual(3600);
    await setSite({ rateLimitPerHour: 0 });
    expect((await post({ text: "h4" }, net("192.0.2.200"))).res.status).toBe(201);
  });

  it("keeps every hold reason, beside the moderation mode's own", async () => {
    await addSite("blog", [BLOG], "all");
    await setSite({ blockedWords: ["pills"] });
    const held = (
      await post({ text: "pills https://a.example https://b.example https://c.example", elapsedMs: 100 })
    ).json.comment;
    expect(await reasonsOf(held.id)).toEqual([
      "moderation: all comments are held",
      "spam check: blocked word: pills",
      "spam check: submitted in 100 ms",
      "spam check: 3 links (site allows 2)",
    ]);
    const queue = await adminJson("/comments?site=blog");
    expect(queue.comments[0].moderationReasons).toHaveLength(4);
  });
});
