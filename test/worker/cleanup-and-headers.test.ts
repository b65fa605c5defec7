// The scheduled privacy cleanup, run through the worker's own scheduled handler in workerd, and
// the security headers of every answer.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, adminJson, api, post, RESET_SQL } from "./helpers.ts";
import { DAY, iso, runScheduled } from "./scheduled.ts";

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("scheduled cleanup", () => {
  it("drops expired idempotency keys and rate windows, and old network hashes per site retention", async () => {
    const ip = { "CF-Connecting-IP": "192.0.2.10" };
    const oldKey = (await post({ text: "old" }, { ...ip, "Idempotency-Key": "old-key-123" })).json.comment.id;
    const newKey = (await post({ text: "new" }, { ...ip, "Idempotency-Key": "new-key-123" })).json.comment.id;
    await env.DB.prepare("UPDATE idempotency_keys SET created_at = ?2 WHERE comment_id = ?1")
      .bind(oldKey, iso(DAY + 60_000))
      .run();
    const twoHoursAgo = Math.floor(Date.now() / 1000) - 7200;
    await env.DB.prepare(
      "INSERT INTO rate_slots (key, minute_start, minute_count, hour_start, hour_count) VALUES ('post:old', ?1, 3, ?1, 3)",
    )
      .bind(twoHoursAgo)
      .run();
    // Comment ages: 100 days (past the default 90), 30 days, and 10 days on a site keeping 7.
    await env.DB.prepare("UPDATE comments SET created_at = ?2 WHERE id = ?1")
      .bind(oldKey, iso(100 * DAY))
      .run();
    await env.DB.prepare("UPDATE comments SET created_at = ?2 WHERE id = ?1")
      .bind(newKey, iso(30 * DAY))
      .run();
    await addSite("short", ["https://short.example"]);
    await adminJson("/sites/short", { method: "PATCH", body: { retentionDays: 7 } });
    const short = (
      await post(
        { site: "short", url: "https://short.example/p", text: "s" },
        { ...ip, Origin: "https://short.example" },
      )
    ).json.comment.id;
    await env.DB.prepare("UPDATE comments SET created_at = ?2 WHERE id = ?1")
      .bind(short, iso(10 * DAY))
      .run();

    await runScheduled();

    const keys = await env.DB.prepare("SELECT key FROM idempotency_keys ORDER BY key").all();
    expect(keys.results.map((r: any) => r.key)).toEqual(["new-key-123"]);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM rate_slots WHERE key = 'post:old'").first("n"),
    ).toBe(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM rate_slots").first("n")).toBeGreaterThan(0);
    const hashes = await env.DB.prepare("SELECT id, network_hash FROM comments").all<any>();
    const hashOf = (id: string) => hashes.results.find((r) => r.id === id)?.network_hash;
    expect(hashOf(oldKey)).toBeNull();
    expect(hashOf(newKey)).toMatch(/^[0-9a-f]{32}$/);
    expect(hashOf(short)).toBeNull();
  });

  it("forgets a notification address taken off a list once its last mail is a day old", async () => {
    const rows: [string, string | null, string | null][] = [
      ["old@example.com", iso(DAY + 60_000), iso(1000)],
      ["never@example.com", null, iso(1000)],
      ["recent@example.com", iso(3600_000), iso(1000)],
      ["pending@example.com", iso(6 * DAY), null],
    ];
    for (const [email, mailed, withdrawn] of rows) {
      await env.DB.prepare(
        `INSERT INTO notify_email_requests (site_id, email, requested_at, mailed_at, withdrawn_at)
         VALUES ('blog', ?1, ?2, ?3, ?4)`,
      )
        .bind(email, iso(40 * DAY), mailed, withdrawn)
        .run();
    }
    await runScheduled();
    const left = await env.DB.prepare("SELECT email FROM notify_email_requests ORDER BY email").all<any>();
    expect(left.results.map((r) => r.email)).toEqual(["pending@example.com", "recent@example.com"]);
  });

  it("forgets a waiting address never confirmed a week after its last link, and keeps younger ones", async () => {
    // [address, asked, last mailed]: a link lives 3 days; the address waits 7 after the last one.
    const rows: [string, string, string | null][] = [
      ["stale@example.com", iso(40 * DAY), iso(7 * DAY + 60_000)],
      ["unmailed@example.com", iso(8 * DAY), null],
      ["waiting@example.com", iso(40 * DAY), iso(7 * DAY - 60_000)],
      ["asked@example.com", iso(2 * DAY), null],
    ];
    for (const [email, asked, mailed] of rows) {
      await env.DB.prepare(
        `INSERT INTO notify_email_requests (site_id, email, requested_at, mailed_at) VALUES ('blog', ?1, ?2, ?3)`,
      )
        .bind(email, asked, mailed)
        .run();
    }
    await runScheduled();
    const left = await env.DB.prepare("SELECT email FROM notify_email_requests ORDER BY email").all<any>();
    expect(left.results.map((r) => r.email)).toEqual(["asked@example.com", "waiting@example.com"]);
    const { sites } = await adminJson("/sites");
    expect(sites.find((x: any) => x.id === "blog").notifyEmailsPending.sort()).toEqual([
      "asked@example.com",
      "waiting@example.com",
    ]);
  });
});

describe("security headers", () => {
  it("sends nosniff, a referrer policy and a request id on every answer", async () => {
    for (const path of ["/api/v1/threads?site=blog", "/embed.js", "/", "/nope"]) {
      const res = await api(path);
      expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("X-Request-Id"), path).toBeTruthy();
    }
  });

  it("sends a strict CSP with the demo pages", async () => {
    const res = await api("/2011/04/01/late-night-libya-update-defections-and-secret-talks/");
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect((await api("/embed.js")).headers.get("Content-Security-Policy")).toBeNull();
  });
});
