// Spam retention (services/spam-retention.ts): the daily cleanup erases spam comments
// SPAM_RETENTION_DAYS (default 30) after they became spam, as a moderator's erase does, audited
// and with the erase's webhook; younger spam and every other status stay. Through the worker's own
// scheduled handler, with its background work awaited.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { batch } from "../../worker/src/db/batch.ts";
import { eraseSteps } from "../../worker/src/services/moderation/decisions.ts";
import { SPAM_RETENTION_ACTOR, spamRetention } from "../../worker/src/services/spam-retention.ts";
import { addSite, adminJson, post, RESET_SQL } from "./helpers.ts";
import { DAY, iso, runScheduled } from "./scheduled.ts";

let n = 0;
async function comment(status: "spam" | "pending" | "approved", daysAgo: number, parentId?: string) {
  const author = { name: `Writer ${++n}`, email: `writer${n}@example.com` };
  const res = await post(
    { author, text: `words number ${n}`, parentId },
    { "CF-Connecting-IP": `192.0.2.${n}` },
  );
  const id = res.json.comment.id as string;
  if (status !== "approved") await adminJson(`/comments/${id}`, { method: "PATCH", body: { status } });
  await env.DB.prepare("UPDATE comments SET updated_at = ?2, created_at = ?2 WHERE id = ?1")
    .bind(id, iso(daysAgo * DAY))
    .run();
  return id;
}

const row = (id: string) =>
  env.DB.prepare("SELECT status, text, author_name, author_email, network_hash FROM comments WHERE id = ?1")
    .bind(id)
    .first<Record<string, unknown>>();

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await env.DB.prepare("UPDATE sites SET webhook_url = ?1 WHERE id = 'blog'")
    .bind(`${inject("hookUrl")}/hook/ok/spam-retention`)
    .run();
});

describe("spam retention", () => {
  it("erases spam 30 days after it became spam, audited, with its webhook; the rest stays", async () => {
    const old = await comment("spam", 31);
    const parent = await comment("approved", 40);
    const reply = await comment("approved", 40, parent);
    await adminJson(`/comments/${parent}`, { method: "PATCH", body: { status: "spam" } });
    await env.DB.prepare("UPDATE comments SET updated_at = ?2 WHERE id = ?1")
      .bind(parent, iso(31 * DAY))
      .run();
    const young = await comment("spam", 29);
    const pending = await comment("pending", 40);
    const approved = await comment("approved", 40);

    await runScheduled();

    expect(await row(old)).toBeNull();
    // Replied to: a placeholder, emptied, like any erased comment with replies.
    expect(await row(parent)).toEqual({
      status: "deleted",
      text: "",
      author_name: "",
      author_email: null,
      network_hash: null,
    });
    for (const id of [young, pending, approved, reply])
      expect((await row(id))?.text, id).toMatch(/^words number \d+$/);
    expect((await row(young))?.status).toBe("spam");

    const audit = await env.DB.prepare(
      "SELECT target, actor FROM audit_log WHERE action = 'comment.erase' ORDER BY target",
    ).all<any>();
    expect(audit.results).toEqual(
      [old, parent].sort().map((target) => ({ target, actor: SPAM_RETENTION_ACTOR })),
    );
    const hooks = await env.DB.prepare(
      "SELECT comment_id FROM webhook_deliveries WHERE event = 'comment.deleted' ORDER BY comment_id",
    ).all<any>();
    expect(hooks.results.map((h) => h.comment_id)).toEqual([old, parent].sort());
  });

  it("follows SPAM_RETENTION_DAYS, a whole number of days, at least 1, else 30", async () => {
    const six = await comment("spam", 6);
    const four = await comment("spam", 4);
    await runScheduled({ SPAM_RETENTION_DAYS: "5" });
    expect(await row(six)).toBeNull();
    expect((await row(four))?.status).toBe("spam");
    for (const bad of [undefined, "", "0", "-3", "2.5", "soon"]) expect(spamRetention(bad)).toBe(30);
    expect(spamRetention("1")).toBe(1);
  });

  it("erases nothing of a comment that is no longer spam when its batch runs", async () => {
    // A moderator approved it after the cleanup picked it: the guard inside the batch holds.
    const id = await comment("approved", 40);
    const db = env.DB;
    const values = await batch(db, eraseSteps(db, { id, now: new Date().toISOString(), onlySpam: true }));
    expect(values.changed).toEqual([]);
    expect(await row(id)).toMatchObject({ status: "approved", author_email: expect.stringContaining("@") });
    expect((await row(id))?.network_hash).toMatch(/^[0-9a-f]{32}$/);
  });
});
