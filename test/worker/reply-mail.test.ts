// Reply mails: double opt-in, escaped content, unsubscribe in every mail, rate limit per address.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, api, post, RESET_SQL } from "./helpers.ts";

const mailsTo = (to: string) =>
  env.DB.prepare("SELECT subject, text, html FROM outbox WHERE to_addr = ?1 ORDER BY id")
    .bind(to)
    .all<any>()
    .then((r) => r.results);

async function settle(to: string, count: number) {
  let mails = await mailsTo(to);
  for (let i = 0; i < 50 && mails.length < count; i++) {
    await new Promise((r) => setTimeout(r, 40));
    mails = await mailsTo(to);
  }
  // A little longer, so a mail that should not come has had its chance to.
  await new Promise((r) => setTimeout(r, 150));
  return mailsTo(to);
}

const linkIn = (text: string, action: string) => {
  const url = text.match(new RegExp(`https?://\\S+/api/v1/subscriptions/${action}\\?\\S+`))?.[0] ?? "";
  return url.replace(/^https?:\/\/[^/]+/, "");
};

const ANN = { name: "Ann", email: "ann@example.com" };

beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM outbox; DELETE FROM reply_subscriptions;`);
  await addSite();
});

describe("reply mails", () => {
  it("ask first, mail replies after consent, stop after unsubscribe", { timeout: 30_000 }, async () => {
    const root = (await post({ author: ANN, notifyReplies: true, text: "my thoughts" })).json.comment.id;
    const asked = await settle(ANN.email, 1);
    expect(asked).toHaveLength(1);
    expect(asked[0].subject).toContain("Confirm reply notifications");

    await post({ author: { name: "Bob" }, parentId: root, text: "before consent" });
    expect(await settle(ANN.email, 2)).toHaveLength(1);

    const confirmPath = linkIn(asked[0].text, "confirm");
    expect((await api(confirmPath)).status).toBe(200);
    expect(
      await env.DB.prepare("SELECT confirmed_at FROM reply_subscriptions").first("confirmed_at"),
    ).toBeNull();
    expect((await api(confirmPath.replace("ann%40", "eve%40"), { method: "POST" })).status).toBe(403);
    expect((await api(confirmPath, { method: "POST" })).status).toBe(200);

    await post({ author: { name: "<b>Bob</b>" }, parentId: root, text: "hi <img src=x onerror=alert(1)>" });
    const mails = await settle(ANN.email, 2);
    expect(mails).toHaveLength(2);
    const reply = mails[1];
    expect(reply.subject).toContain("replied to your comment");
    expect(reply.html).toContain("hi &lt;img src=x onerror=alert(1)&gt;");
    expect(reply.html).not.toContain("<img");
    expect(reply.html).not.toContain("<b>Bob");
    const unsubscribePath = linkIn(reply.text, "unsubscribe");
    expect(reply.html).toContain("/api/v1/subscriptions/unsubscribe?");

    // The author's own replies never mail themselves.
    await post({ author: ANN, parentId: root, text: "talking to myself" });
    expect(await settle(ANN.email, 3)).toHaveLength(2);

    expect((await api(unsubscribePath, { method: "POST" })).status).toBe(200);
    await post({ author: { name: "Cy" }, parentId: root, text: "after unsubscribe" });
    expect(await settle(ANN.email, 3)).toHaveLength(2);
  });

  it("asks at most once a day, and sends at most 10 mails an hour to an address", {
    timeout: 30_000,
  }, async () => {
    const root = (await post({ author: ANN, notifyReplies: true, text: "first" })).json.comment.id;
    await post({ author: ANN, notifyReplies: true, text: "second" });
    expect(await settle(ANN.email, 2)).toHaveLength(1);
    await env.DB.prepare("UPDATE reply_subscriptions SET confirmed_at = ?1")
      .bind(new Date().toISOString())
      .run();
    for (let i = 0; i < 12; i++)
      await post({ author: { name: `R${i}` }, parentId: root, text: `reply ${i}` });
    const mails = await settle(ANN.email, 13);
    const replies = mails.filter((m: any) => m.subject.includes("replied"));
    // Twelve replies were written; the limit (counted over every mail to the address, so the
    // confirmation counts too) lets through about nine, never all twelve.
    expect(mails.filter((m: any) => m.subject.includes("Confirm"))).toHaveLength(1);
    expect(replies.length).toBeGreaterThanOrEqual(9);
    expect(replies.length).toBeLessThanOrEqual(10);
  });
});
