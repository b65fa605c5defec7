// Notifications: moderator mails with signed one-click links (through a local Resend-style mail
// API), the links' tamper and expiry checks, and signed webhooks retried after a failure.
import { createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import worker from "../../worker/src/index.ts";
import { hmacHex } from "../../worker/src/lib/crypto.ts";
import { keysOf } from "../../worker/src/lib/keys.ts";
import { sendMail } from "../../worker/src/lib/mail.ts";
import { type LinkAction, signedLink } from "../../worker/src/lib/signed-links.ts";
import { WEBHOOK_SECRET } from "../fakes/fixtures.ts";
import {
  addSite,
  adminJson,
  api,
  BLOG,
  expectError,
  post,
  RESET_SQL,
  seedNotifyEmails,
  snapshot,
} from "./helpers.ts";

const fakeLog = async (which: "mailUrl" | "hookUrl") =>
  (await (await fetch(`${inject(which)}/__log`)).json()) as Record<string, string>[];

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, 40));
    value = await read();
  }
  return value;
}

beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM outbox; DELETE FROM webhook_deliveries;`);
  await addSite("blog", [BLOG], "all");
  // Confirmed addresses (their confirmation is tested in notify-confirm.test.ts).
  await seedNotifyEmails("blog", ["mod@example.com", "owner@example.com"]);
});

describe("moderator mail", () => {
  it("mails every moderator about a held comment, escaped, with signed links", async () => {
    const { json } = await post({
      author: { name: "<b>Eve</b>" },
      text: "Hello <script>alert(1)</script> & more",
    });
    const mails = await waitFor(
      () =>
        env.DB.prepare("SELECT * FROM outbox ORDER BY to_addr")
          .all<any>()
          .then((r) => r.results),
      (r) => r.length === 2,
    );
    expect(mails.map((m) => [m.to_addr, m.status, m.provider])).toEqual([
      ["mod@example.com", "sent", "http"],
      ["owner@example.com", "sent", "http"],
    ]);
    const mail = mails[0];
    expect(mail.subject).toContain("awaiting approval");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>Eve");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.text).toContain(`/api/v1/moderate/approve/${json.comment.id}?v=`);
    const sent = (await fakeLog("mailUrl")).filter((m) => m.raw?.includes(json.comment.id));
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[0]?.raw ?? "{}")).toMatchObject({
      to: [expect.any(String)],
      subject: mail.subject,
    });
  });

  it("records a failed send, and the log provider only writes the outbox", async () => {
    await sendMail(
      env.DB,
      { provider: "http", url: inject("mailUrl"), key: "wrong", from: "x@y.z" },
      {
        siteId: "blog",
        to: "a@example.com",
        subject: "s",
        text: "t",
        html: "h",
      },
    );
    await sendMail(
      env.DB,
      { provider: "log", url: undefined, key: undefined, from: "x@y.z" },
      {
        siteId: "blog",
        to: "b@example.com",
        subject: "s",
        text: "t",
        html: "h",
      },
    );
    const rows = (await env.DB.prepare("SELECT to_addr, status, error FROM outbox ORDER BY to_addr").all())
      .results;
    expect(rows).toEqual([
      { to_addr: "a@example.com", status: "failed", error: "HTTP 401" },
      { to_addr: "b@example.com", status: "logged", error: null },
    ]);
  });
});

describe("signed one-click links", () => {
  const keys = keysOf(env);
  const linkFor = async (action: LinkAction, id: string, nowMs = Date.now()) => {
    const updatedAt =
      (await env.DB.prepare("SELECT updated_at FROM comments WHERE id = ?1")
        .bind(id)
        .first<string>("updated_at")) ?? "";
    return (await signedLink("https://confab.test", keys, { action, id, updatedAt, nowMs })).replace(
      "https://confab.test",
      "",
    );
  };

  it("confirm on GET, act on POST, and refuse tampering and expiry", async () => {
    const id = (await post({ text: "held" })).json.comment.id;
    const other = (await post({ text: "other" })).json.comment.id;
    const path = await linkFor("approve", id);

    const confirm = await api(path);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<form method="post">');
    expect((await adminJson("/comments?status=pending")).comments).toHaveLength(2);

    for (const bad of [
      path.replace("/approve/", "/delete/"),
      path.replace(id, other),
      path.replace(/sig=[0-9a-f]{4}/, "sig=0000"),
      path.replace(/expires=\d+/, (m) => `${m}1`),
      path.replace(/v=\d+/, (m) => `${m}1`),
      path.replace(/&sig=.*/, ""),
    ]) {
      const res = await api(bad, { method: "POST" });
      expect([res.status, bad]).toEqual([403, bad]);
    }
    const expired = await api(await linkFor("approve", id, Date.now() - 8 * 24 * 3600_000), {
      method: "POST",
    });
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).error.message).toContain("expired");
    expect((await adminJson("/comments?status=pending")).comments).toHaveLength(2);

    const done = await api(path, { method: "POST" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("approved");
    const { comments } = await adminJson("/comments?status=approved");
    expect(comments.map((c: any) => [c.id, c.moderationReasons.at(-1)])).toEqual([
      [id, "approved by mail link"],
    ]);
  });

  it("is used up once the comment changed: no replay after a later decision or an edit (410 link_used)", async () => {
    const id = (await post({ text: "held" })).json.comment.id;
    const approve = await linkFor("approve", id);
    const del = await linkFor("delete", id);
    expect((await api(approve, { method: "POST" })).status).toBe(200);
    // The moderator changes their mind in the dashboard; the old mail's links must not undo it.
    await adminJson(`/comments/${id}`, { method: "PATCH", body: { status: "spam" } });
    const before = await snapshot();
    for (const path of [approve, del]) {
      await expectError(await api(path, { method: "POST" }), 410, "link_used");
      await expectError(await api(path), 410, "link_used");
    }
    expect(await snapshot()).toBe(before);
    expect((await adminJson(`/comments?status=spam`)).comments.map((c: any) => c.id)).toEqual([id]);

    const edited = (await post({ text: "will change" })).json;
    const stale = await linkFor("approve", edited.comment.id);
    await api(`/api/v1/comments/${edited.comment.id}`, {
      method: "PATCH",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${edited.editToken}`,
        Origin: BLOG,
      },
      body: JSON.stringify({ text: "now something else" }),
    });
    await expectError(await api(stale, { method: "POST" }), 410, "link_used");
  });
});

describe("webhooks", () => {
  it("records comment.created for a site with a webhook", async () => {
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: { webhookUrl: `${inject("hookUrl")}/hook/ok/created`, webhookSecret: WEBHOOK_SECRET },
    });
    const id = (await post({ text: "hooked" })).json.comment.id;
    const rows = await waitFor(
      () =>
        env.DB.prepare("SELECT event, url FROM webhook_deliveries")
          .all<any>()
          .then((r) => r.results),
      (r) => r.length > 0,
    );
    expect(rows).toEqual([{ event: "comment.created", url: `${inject("hookUrl")}/hook/ok/created` }]);
    expect(id).toBeTruthy();
  });

  it("signs each delivery and retries after a 500 from the receiver", async () => {
    const url = `${inject("hookUrl")}/hook/flaky/${Date.now()}`;
    await adminJson("/sites/blog", { method: "PATCH", body: { webhookSecret: WEBHOOK_SECRET } });
    await env.DB.prepare(
      "INSERT INTO webhook_deliveries (id, site_id, event, url, created_at) VALUES ('d1', 'blog', 'comment.created', ?1, ?2)",
    )
      .bind(url, new Date().toISOString())
      .run();
    const body = JSON.stringify({ id: "d1", event: "comment.created", site: "blog", data: { id: "c1" } });
    const run = async (attempts: number) => {
      const batch = createMessageBatch("confab-webhooks", [
        { id: "m1", timestamp: new Date(), attempts, body: { deliveryId: "d1", siteId: "blog", url, body } },
      ]);
      const ctx = (await import("cloudflare:test")).createExecutionContext();
      await worker.queue(batch, env, ctx);
      return getQueueResult(batch, ctx);
    };
    const first = await run(1);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.explicitAcks).toEqual([]);
    const second = await run(2);
    expect(second.explicitAcks).toEqual(["m1"]);
    const row = await env.DB.prepare(
      "SELECT attempts, last_status, delivered_at FROM webhook_deliveries WHERE id = 'd1'",
    ).first<any>();
    expect(row.attempts).toBe(2);
    expect(row.last_status).toBe(204);
    expect(row.delivered_at).not.toBeNull();

    const received = (await fakeLog("hookUrl")).filter((h) => h.path === new URL(url).pathname);
    expect(received).toHaveLength(2);
    for (const h of received) {
      const expected = `sha256=${await hmacHex(WEBHOOK_SECRET, `${h["x-confab-timestamp"]}.${h.raw}`)}`;
      expect(h["x-confab-signature"]).toBe(expected);
      expect(h.raw).toBe(body);
    }
  });
});
