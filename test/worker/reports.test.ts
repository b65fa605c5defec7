// Reports (docs/api.md "POST /api/v1/comments/:id/report"): distinct readers counted by the reader
// key; at the site's threshold the comment is held through the moderation module, so the
// `comment.reported` webhook and the moderators' mail follow; a moderator's approval clears the
// reports before it; the admin API lists open reports with their reasons.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { WEBHOOK_SECRET } from "../fakes/fixtures.ts";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  getThread,
  post,
  RESET_SQL,
  reasonsOf,
  seedNotifyEmails,
  snapshot,
} from "./helpers.ts";

const reader = (i: number) => `reporter${String(i).padStart(14, "0")}`;
const reportOf = (id: string, body: Record<string, unknown>, ip = "198.51.100.7") =>
  api(`/api/v1/comments/${id}/report`, {
    method: "POST",
    headers: { Origin: BLOG, "CF-Connecting-IP": ip, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
const file = (id: string, i: number, reason = `reason ${i}`) => reportOf(id, { reason, reader: reader(i) });
const statusOf = async (id: string) =>
  env.DB.prepare("SELECT status FROM comments WHERE id = ?1").bind(id).first<string>("status");
const shown = async () =>
  (await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`)).json.comments.map((c: any) => c.id);

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, 40));
    value = await read();
  }
  return value;
}

beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM reports;`);
  await addSite();
});

describe("reports", () => {
  it("hold a comment after the threshold of distinct readers, with the reason", async () => {
    const id = (await post({ text: "reported" })).json.comment.id;
    const first = await file(id, 1);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ received: true });
    // The same reader again (another reason) is still one reader.
    expect((await file(id, 1, "changed my mind")).status).toBe(202);
    expect((await file(id, 2)).status).toBe(202);
    expect(await statusOf(id)).toBe("approved");
    expect(await shown()).toEqual([id]);
    expect((await file(id, 3)).status).toBe(202);
    expect(await statusOf(id)).toBe("pending");
    expect(await reasonsOf(id)).toContain("reported by 3 readers");
    expect(await shown()).toEqual([]);
    // Held: no more reports.
    await expectError(await file(id, 4), 404, "not_found");
    const stored = JSON.stringify(await env.DB.prepare("SELECT * FROM reports").all());
    expect(stored).not.toContain(reader(1));
    expect(stored).not.toContain("198.51.100");
  });

  it("follow the site's reportThreshold", async () => {
    await adminJson("/sites/blog", { method: "PATCH", body: { reportThreshold: 1 } });
    const id = (await post({ text: "one is enough" })).json.comment.id;
    await file(id, 1);
    expect(await statusOf(id)).toBe("pending");
    expect(await reasonsOf(id)).toContain("reported by 1 readers");
  });

  it("are cleared by a moderator's approval: N new readers are needed again", async () => {
    await adminJson("/sites/blog", { method: "PATCH", body: { reportThreshold: 2 } });
    const id = (await post({ text: "contested" })).json.comment.id;
    await file(id, 1);
    await file(id, 2);
    expect(await statusOf(id)).toBe("pending");
    await new Promise((r) => setTimeout(r, 5));
    await adminJson(`/comments/${id}`, { method: "PATCH", body: { status: "approved" } });
    expect((await adminJson("/reports?site=blog")).reports).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));
    await file(id, 1);
    expect(await statusOf(id)).toBe("approved");
    await file(id, 3);
    expect(await statusOf(id)).toBe("pending");
  });

  it("fire comment.reported and mail the moderators, as a hold does", async () => {
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: {
        reportThreshold: 2,
        webhookUrl: `${inject("hookUrl")}/hook/ok/reported`,
        webhookSecret: WEBHOOK_SECRET,
      },
    });
    await seedNotifyEmails("blog", ["mod@example.com"]);
    const id = (await post({ text: "hooked" })).json.comment.id;
    await file(id, 1, "spam link");
    await file(id, 2, "rude");
    const events = await waitFor(
      () =>
        env.DB.prepare("SELECT event FROM webhook_deliveries ORDER BY event")
          .all<{ event: string }>()
          .then((r) => r.results.map((e) => e.event)),
      (e) => e.includes("comment.reported"),
    );
    expect(events).toEqual(["comment.created", "comment.reported"]);
    const delivered = await waitFor(
      async () =>
        ((await (await fetch(`${inject("hookUrl")}/__log`)).json()) as { raw?: string }[])
          .map((m) => JSON.parse(m.raw ?? "{}"))
          .filter((m) => m.event === "comment.reported" && m.data?.id === id),
      (m) => m.length > 0,
    );
    expect(delivered[0].data).toMatchObject({
      id,
      status: "pending",
      text: "hooked",
      reports: { count: 2, reasons: expect.arrayContaining(["spam link", "rude"]) },
    });
    const mails = await waitFor(
      () =>
        env.DB.prepare("SELECT subject, text FROM outbox WHERE comment_id = ?1")
          .bind(id)
          .all<{ subject: string; text: string }>()
          .then((r) => r.results),
      (r) => r.some((m) => m.subject.startsWith("Reported")),
    );
    const mail = mails.find((m) => m.subject.startsWith("Reported"));
    expect(mail?.subject).toContain("awaiting approval");
    expect(mail?.text).toContain("reported by 2 readers");
    expect(mail?.text).toContain(`/api/v1/moderate/approve/${id}?v=`);
  });

  it("are listed for moderators with their reasons, newest first, per site", async () => {
    const a = (await post({ text: "first" })).json.comment.id;
    const b = (await post({ text: "second" })).json.comment.id;
    await file(a, 1, "off topic");
    await file(b, 1, "insult");
    await file(a, 2, "advert");
    const { reports } = await adminJson("/reports?site=blog");
    expect(
      reports.map((r: any) => [r.commentId, r.status, r.text, r.reports.map((x: any) => x.reason)]),
    ).toEqual([
      [a, "approved", "first", ["advert", "off topic"]],
      [b, "approved", "second", ["insult"]],
    ]);
    expect(reports[0].pageUrl).toBe(ARTICLE);
    await addSite("other", ["https://other.example"]);
    expect((await adminJson("/reports?site=other")).reports).toEqual([]);
    await expectError(await admin("/reports"), 400, "validation_failed");
    await expectError(await admin("/reports?site=blog", { token: null }), 401, "unauthorized");
  });

  it("go with the comment when it is erased", async () => {
    const id = (await post({ text: "x" })).json.comment.id;
    await file(id, 1);
    expect((await admin(`/comments/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<number>("n")).toBe(0);
  });
});

describe("bad reports", () => {
  it("are the documented 4xx and write nothing", async () => {
    await addSite("blog", [BLOG], "all");
    const held = (await post({ text: "held" })).json.comment.id;
    await addSite("blog", [BLOG], "none");
    const id = (await post({ text: "x" })).json.comment.id;
    const before = await snapshot();
    for (const [body, field] of [
      [{ reader: reader(1) }, "reason"],
      [{ reason: "   ", reader: reader(1) }, "reason"],
      [{ reason: "x".repeat(501), reader: reader(1) }, "reason"],
      [{ reason: 5, reader: reader(1) }, "reason"],
      [{ reason: "why" }, "reader"],
      [{ reason: "why", reader: "short" }, "reader"],
    ] as const) {
      const error = await expectError(await reportOf(id, body), 400, "validation_failed");
      expect(Object.keys(error.fields), JSON.stringify(body)).toContain(field);
    }
    await expectError(await reportOf(id, [] as never), 400, "validation_failed");
    for (const target of [held, "unknown", "BAD!"])
      await expectError(await file(target, 1), 404, "not_found");
    const foreign = await api(`/api/v1/comments/${id}/report`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "x", reader: reader(1) }),
    });
    await expectError(foreign, 403, "origin_not_allowed");
    await expectError(
      await api(`/api/v1/comments/${id}/report`, { method: "POST", headers: { Origin: BLOG }, body: "{}" }),
      415,
      "unsupported_media_type",
    );
    expect(await snapshot()).toBe(before);
    await expectError(
      await admin("/sites/blog", { method: "PATCH", body: { reportThreshold: 0 } }),
      400,
      "validation_failed",
    );
    expect(await snapshot()).toBe(before);
  });

  it("are rate-limited per network: 10 a minute", async () => {
    const ids = [];
    for (let i = 0; i < 11; i++) ids.push((await post({ text: `c${i}` })).json.comment.id);
    const answers = [];
    for (const [i, id] of ids.entries())
      answers.push(await reportOf(id, { reason: "x", reader: reader(i) }, "192.0.2.50"));
    expect(answers.map((r) => r.status)).toEqual([...Array(10).fill(202), 429]);
    await expectError(answers[10] as Response, 429, "rate_limited");
  });
});
