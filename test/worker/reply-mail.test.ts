// Reply mails (issue #10): only to a verified address. A signed-in reader who ticks "notify me"
// is subscribed at once (signing in proved the address); anonymous comments get no reply mails,
// whatever address they typed. Escaped content, unsubscribe in every mail, a limit per address.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, api, post, RESET_SQL, signedIn } from "./helpers.ts";

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
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM outbox; DELETE FROM reply_subscriptions;`);
  await addSite();
});

describe("reply mails", () => {
  it("subscribe a signed-in reader at once, mail replies, stop after unsubscribe", {
    timeout: 30_000,
  }, async () => {
    const ann = await signedIn("blog", { email: ANN.email, name: "Ann" });
    const root = (await post({ notifyReplies: true, text: "my thoughts" }, bearer(ann.token))).json.comment
      .id;
    // No confirmation mail: the sign-in was the proof.
    const sub = await env.DB.prepare(
      "SELECT confirmed_at, unsubscribed_at FROM reply_subscriptions",
    ).first<any>();
    expect(sub.confirmed_at).not.toBeNull();
    expect(sub.unsubscribed_at).toBeNull();

    await post({ author: { name: "<b>Bob</b>" }, parentId: root, text: "hi <img src=x onerror=alert(1)>" });
    const mails = await settle(ANN.email, 1);
    expect(mails).toHaveLength(1);
    const reply = mails[0];
    expect(reply.subject).toContain("replied to your comment");
    expect(reply.html).toContain("hi &lt;img src=x onerror=alert(1)&gt;");
    expect(reply.html).not.toContain("<img");
    expect(reply.html).not.toContain("<b>Bob");
    const unsubscribePath = linkIn(reply.text, "unsubscribe");
    expect(reply.html).toContain("/api/v1/subscriptions/unsubscribe?");

    // The author's own replies never mail themselves.
    await post({ parentId: root, text: "talking to myself" }, bearer(ann.token));
    expect(await settle(ANN.email, 2)).toHaveLength(1);

    expect((await api(unsubscribePath, { method: "POST" })).status).toBe(200);
    await post({ author: { name: "Cy" }, parentId: root, text: "after unsubscribe" });
    expect(await settle(ANN.email, 2)).toHaveLength(1);
  });

  it("never mail an anonymous comment's address, even one that consented before", {
    timeout: 30_000,
  }, async () => {
    // Ann's address consented (an old double opt-in); a forger types it into an anonymous comment.
    await env.DB.prepare(
      "INSERT INTO reply_subscriptions (site_id, email, created_at, confirmed_at) VALUES ('blog', ?1, ?2, ?2)",
    )
      .bind(ANN.email, new Date().toISOString())
      .run();
    const forged = await post({ author: ANN, notifyReplies: true, text: "not really Ann" });
    expect(forged.res.status).toBe(201);
    expect(
      await env.DB.prepare("SELECT notify_replies FROM comments WHERE id = ?1")
        .bind(forged.json.comment.id)
        .first("notify_replies"),
    ).toBe(0);
    await post({ author: { name: "Bob" }, parentId: forged.json.comment.id, text: "a reply" });
    expect(await settle(ANN.email, 1)).toHaveLength(0);
  });

  it("send at most 10 mails an hour to an address", { timeout: 30_000 }, async () => {
    const ann = await signedIn("blog", { email: ANN.email, name: "Ann" });
    const root = (await post({ notifyReplies: true, text: "first" }, bearer(ann.token))).json.comment.id;
    for (let i = 0; i < 12; i++)
      await post({ author: { name: `R${i}` }, parentId: root, text: `reply ${i}` });
    const mails = await settle(ANN.email, 12);
    // Twelve replies were written; the limit (counted over the outbox as each mail goes, after its
    // answer, so two mails in flight can both see nine) lets through about ten, never all twelve.
    expect(mails.every((m: any) => m.subject.includes("replied"))).toBe(true);
    expect(mails.length).toBeGreaterThanOrEqual(9);
    expect(mails.length).toBeLessThanOrEqual(11);
  });
});
