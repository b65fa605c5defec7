// The daily cleanup's retention of notifications (security.md, "What is stored"): mails and
// webhook delivery records after OUTBOX_RETENTION_DAYS (30), reply subscriptions of addresses with
// no comment left after a day; and what it leaves alone, because only a person removes it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { cleanup, OUTBOX_RETENTION_DAYS, outboxRetention } from "../../worker/src/services/cleanup.ts";
import { addSite, adminJson, post, RESET_SQL } from "./helpers.ts";
import { DAY, iso, runScheduled } from "./scheduled.ts";

/** A mail and a webhook delivery record, each `days` old; their id says how old. */
async function notificationsAged(days: number) {
  const at = iso(days * DAY);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO outbox (id, site_id, to_addr, subject, text, html, provider, status, created_at)
       VALUES (?1, 'blog', 'reader@example.com', 'Hello', 'text', '<p>text</p>', 'log', 'logged', ?2)`,
    ).bind(`mail-${days}d`, at),
    env.DB.prepare(
      "INSERT INTO webhook_deliveries (id, site_id, event, url, created_at) VALUES (?1, 'blog', 'comment.created', 'https://hooks.example/x', ?2)",
    ).bind(`hook-${days}d`, at),
  ]);
}

const ids = async (table: "outbox" | "webhook_deliveries") =>
  (await env.DB.prepare(`SELECT id FROM ${table} ORDER BY id`).all<{ id: string }>()).results.map(
    (r) => r.id,
  );
const subscribers = async () =>
  (
    await env.DB.prepare("SELECT email FROM reply_subscriptions ORDER BY email").all<{ email: string }>()
  ).results.map((r) => r.email);

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("outbox retention", () => {
  it("drops mails and webhook records older than 30 days and keeps younger ones", async () => {
    for (const days of [31, 29, 1]) await notificationsAged(days);
    await runScheduled();
    expect(await ids("outbox")).toEqual(["mail-1d", "mail-29d"]);
    expect(await ids("webhook_deliveries")).toEqual(["hook-1d", "hook-29d"]);
  });

  it("follows OUTBOX_RETENTION_DAYS", async () => {
    for (const days of [10, 6, 1]) await notificationsAged(days);
    await runScheduled({ OUTBOX_RETENTION_DAYS: "7" });
    expect(await ids("outbox")).toEqual(["mail-1d", "mail-6d"]);
    expect(await ids("webhook_deliveries")).toEqual(["hook-1d", "hook-6d"]);
    await cleanup(env.DB, Date.now(), 2);
    expect(await ids("outbox")).toEqual(["mail-1d"]);
    expect(await ids("webhook_deliveries")).toEqual(["hook-1d"]);
  });

  it("reads OUTBOX_RETENTION_DAYS as a whole number of days, at least 1, else 30", () => {
    expect(OUTBOX_RETENTION_DAYS).toBe(30);
    const cases: [string | undefined, number][] = [
      [undefined, 30],
      ["", 30],
      ["7", 7],
      ["1", 1],
      ["365", 365],
      ["0", 30],
      ["-5", 30],
      ["1.5", 30],
      ["ten", 30],
      ["7days", 30],
    ];
    for (const [setting, days] of cases) expect(outboxRetention(setting), String(setting)).toBe(days);
  });
});

describe("reply subscriptions", () => {
  it("drop addresses with no comment left after a day, and keep the others", async () => {
    await post({ author: { name: "Kim", email: "kim@example.com" }, text: "still here" });
    const add = (email: string, at: string, confirmed: string | null) =>
      env.DB.prepare(
        "INSERT INTO reply_subscriptions (site_id, email, created_at, asked_at, confirmed_at) VALUES ('blog', ?1, ?2, ?2, ?3)",
      )
        .bind(email, at, confirmed)
        .run();
    await add("kim@example.com", iso(400 * DAY), iso(400 * DAY)); // has a comment: kept
    await add("gone@example.com", iso(40 * DAY), iso(40 * DAY)); // no comment left: goes
    await add("asked@example.com", iso(2 * DAY), null); // never confirmed, no comment: goes
    await add("new@example.com", iso(3600 * 1000), null); // asked an hour ago: kept for now
    await env.DB.prepare(
      "UPDATE reply_subscriptions SET unsubscribed_at = ?1 WHERE email = 'kim@example.com'",
    )
      .bind(iso(DAY))
      .run();
    await runScheduled();
    expect(await subscribers()).toEqual(["kim@example.com", "new@example.com"]);
  });
});

describe("what the cleanup leaves alone", () => {
  it("keeps comments, bans, moderator tokens, the audit log and site settings until a person removes them", async () => {
    const old = iso(1000 * DAY);
    const lee = { name: "Lee", email: "lee@example.com" };
    const id = (await post({ author: lee, text: "an old comment" }, { "CF-Connecting-IP": "192.0.2.9" })).json
      .comment.id;
    const hash = () =>
      env.DB.prepare("SELECT network_hash FROM comments WHERE id = ?1").bind(id).first("network_hash");
    expect(await hash()).toMatch(/^[0-9a-f]{32}$/);
    await adminJson("/bans", {
      method: "POST",
      body: { site: "blog", kind: "email", value: "banned@example.com", expiresAt: iso(DAY) },
    });
    await adminJson("/tokens", { method: "POST", body: { label: "helper", sites: ["blog"] } });
    await adminJson("/sites/blog", { method: "PATCH", body: { webhookSecret: "whsec-0123456789abcdef" } });
    await env.DB.exec(`UPDATE sites SET notify_emails = '["mod@example.com"]';`);
    await env.DB.exec(`UPDATE comments SET created_at = '${old}'; UPDATE bans SET created_at = '${old}';
      UPDATE admin_tokens SET created_at = '${old}'; UPDATE audit_log SET at = '${old}';`);
    const count = async (table: string) =>
      env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<number>("n");
    const before = {
      bans: await count("bans"),
      tokens: await count("admin_tokens"),
      audit: await count("audit_log"),
    };
    await runScheduled();
    const row = await env.DB.prepare("SELECT text, author_email, network_hash FROM comments WHERE id = ?1")
      .bind(id)
      .first<any>();
    // The comment stays; only its network hash went (past the site's retention).
    expect(row).toEqual({ text: "an old comment", author_email: "lee@example.com", network_hash: null });
    // A ban that expired a day ago is kept too: it stays listed for 30 days (next test).
    expect({
      bans: await count("bans"),
      tokens: await count("admin_tokens"),
      audit: await count("audit_log"),
    }).toEqual(before);
    expect(before).toEqual({ bans: 1, tokens: 1, audit: 3 });
    expect(await env.DB.prepare("SELECT webhook_secret, notify_emails FROM sites").first()).toEqual({
      webhook_secret: "whsec-0123456789abcdef",
      notify_emails: '["mod@example.com"]',
    });
  });
});

describe("expired bans", () => {
  it("are removed 30 days after they expired; bans without expiry or still running stay", async () => {
    const ban = (value: string, expiresAt?: string) =>
      adminJson("/bans", { method: "POST", body: { site: "blog", kind: "email", value, expiresAt } });
    // Made while running, then aged: the API takes an expiry only in the future.
    await ban("lapsed@example.com", iso(-DAY));
    await ban("recent@example.com", iso(-DAY));
    await ban("running@example.com", iso(-30 * DAY));
    await ban("forever@example.com");
    await env.DB.prepare("UPDATE bans SET expires_at = ?1 WHERE value = 'lapsed@example.com'")
      .bind(iso(30 * DAY + 60_000))
      .run();
    await env.DB.prepare("UPDATE bans SET expires_at = ?1 WHERE value = 'recent@example.com'")
      .bind(iso(30 * DAY - 60_000))
      .run();
    await runScheduled();
    const { bans } = await adminJson("/bans?site=blog");
    expect(bans.map((b: any) => b.value).sort()).toEqual([
      "forever@example.com",
      "recent@example.com",
      "running@example.com",
    ]);
  });
});
