// Erasure (security.md, "What is stored"): a moderator's erase and the author's own delete clear
// the same things: the comment's text, names, email, website, avatar seed, edit-token hash,
// network hash, reasons and notify flag; its stored idempotent answer; the mails about it, and the
// mails and reply subscription of its address once no other comment of that address is left, and
// the signed-in author's identity (with its sessions) once no other comment of it is left.
// Redacted mails stay, emptied and marked erased, so the outbox still counts them. Requests go
// through the real app with background work awaited (fetchApp), so every mail is written.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, addSite, BLOG, likeInit, OPERATOR, RESET_SQL, signedIn, snapshot } from "./helpers.ts";

const MOD = "mod@example.com";
const PAT = { name: "Patricia Vell", email: "pat@example.com" };
const ANN = { name: "Annika Quist", email: "ann@example.com", website: "https://annika.example/" };

interface Posted {
  id: string;
  token: string;
  text: string;
}

let seq = 0;
async function post(extra: Record<string, unknown>, key?: string, session?: string): Promise<Posted> {
  const text = `${String(extra.text ?? "words")} ${++seq}`;
  const res = await fetchApp("/api/v1/comments", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: BLOG,
      "CF-Connecting-IP": "192.0.2.44",
      ...(key ? { "Idempotency-Key": key } : {}),
      ...(session ? { Authorization: `Bearer ${session}` } : {}),
    },
    body: JSON.stringify({ site: "blog", url: ARTICLE, ...extra, text }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return { id: body.comment.id, token: body.editToken, text };
}

const adminErase = (c: Posted) =>
  fetchApp(`/api/v1/admin/comments/${c.id}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${OPERATOR}` },
  });
const authorDelete = (c: Posted) =>
  fetchApp(`/api/v1/comments/${c.id}`, {
    method: "DELETE",
    headers: { Origin: BLOG, Authorization: `Bearer ${c.token}` },
  });
const WAYS: [string, (c: Posted) => Promise<Response>][] = [
  ["admin erase", adminErase],
  ["author delete", authorDelete],
];

const rows = async (sql: string, ...binds: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .all<any>()
  ).results;
const outbox = () => rows("SELECT * FROM outbox ORDER BY id");
const subscribers = async () =>
  (await rows("SELECT email FROM reply_subscriptions ORDER BY email")).map((r) => r.email);

function expectRedacted(mails: any[]) {
  expect(mails.length).toBeGreaterThan(0);
  for (const m of mails)
    expect(m).toMatchObject({
      to_addr: "erased",
      subject: "",
      text: "",
      html: "",
      erased_at: expect.any(String),
    });
}

const identities = async () => (await rows("SELECT name FROM identities ORDER BY name")).map((r) => r.name);
const sessionsOf = async (name: string) =>
  (
    await rows(
      "SELECT s.id FROM reader_sessions s JOIN identities i ON i.id = s.identity_id WHERE i.name = ?1",
      name,
    )
  ).length;

let annSession = "";
/** Pat's root and Ann's reply to it, both signed in and asking for reply mails; Bob's root. */
async function world() {
  const patIn = await signedIn("blog", { email: PAT.email, name: PAT.name });
  const annIn = await signedIn("blog", { email: ANN.email, name: ANN.name });
  annSession = annIn.token;
  const pat = await post({ notifyReplies: true, text: "Pat's opening words" }, undefined, patIn.token);
  const ann = await post(
    { author: { website: ANN.website }, parentId: pat.id, notifyReplies: true, text: "Annika's secret" },
    "ann-key-1",
    annIn.token,
  );
  const bob = await post({ author: { name: "Bob" }, text: "Bob says" }, "bob-key-1");
  expect((await fetchApp(`/api/v1/comments/${ann.id}/like`, likeInit())).status).toBe(200);
  return { pat, ann, bob };
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await env.DB.prepare("UPDATE sites SET notify_emails = ?1, min_submit_ms = 0 WHERE id = 'blog'")
    .bind(JSON.stringify([MOD]))
    .run();
});

describe.each(WAYS)("%s", (_way, erase) => {
  it("removes a comment without replies and every trace of it and its address", async () => {
    const { pat, ann, bob } = await world();
    const before = await outbox();
    const about = (id: string) => before.filter((m) => m.comment_id === id).map((m) => m.id);
    // What Ann's comment caused: the moderator's mail and the reply mail to Pat.
    expect(
      before
        .filter((m) => m.comment_id === ann.id)
        .map((m) => m.to_addr)
        .sort(),
    ).toEqual([MOD, PAT.email].sort());
    expect(before.find((m) => m.to_addr === PAT.email && m.comment_id === ann.id)?.text).toContain(ann.text);
    expect(await subscribers()).toEqual([ANN.email, PAT.email]);

    expect((await erase(ann)).status).toBe(204);

    expect(await rows("SELECT id FROM comments WHERE id = ?1", ann.id)).toEqual([]);
    expect(await rows("SELECT * FROM likes WHERE comment_id = ?1", ann.id)).toEqual([]);
    expect((await rows("SELECT comment_id FROM idempotency_keys")).map((r) => r.comment_id)).toEqual([
      bob.id,
    ]);
    expect(await subscribers()).toEqual([PAT.email]);
    // Her identity went with her last comment, and her sessions with it.
    expect(await identities()).toEqual([PAT.name]);
    expect(await rows("SELECT id FROM reader_sessions")).toHaveLength(1);
    const after = await outbox();
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
    expectRedacted(after.filter((m) => about(ann.id).includes(m.id)));
    // Mails about the other comments are as they were.
    const others = (list: any[]) => list.filter((m) => !about(ann.id).includes(m.id));
    expect(others(after)).toEqual(others(before));
    expect(
      others(after)
        .map((m) => m.comment_id)
        .sort(),
    ).toEqual([bob.id, pat.id].sort());
    const dump = await snapshot();
    for (const trace of [ANN.email, ANN.name, "annika.example", ann.text]) expect(dump).not.toContain(trace);
  });

  it("keeps a placeholder when others replied, with everything personal emptied", async () => {
    const { pat, ann } = await world();
    await env.DB.prepare("UPDATE comments SET moderation_reasons = ?2 WHERE id = ?1")
      .bind(pat.id, JSON.stringify(["links: 3 links (max 2)"]))
      .run();
    expect((await fetchApp(`/api/v1/comments/${pat.id}/like`, likeInit())).status).toBe(200);
    const patMails = (await outbox()).filter((m) => m.comment_id === pat.id || m.to_addr === PAT.email);
    // The moderator's mail about Pat's comment, and the reply mail to Pat.
    expect(patMails).toHaveLength(2);

    expect((await erase(pat)).status).toBe(204);

    const row = (await rows("SELECT * FROM comments WHERE id = ?1", pat.id))[0];
    expect(row).toMatchObject({
      status: "deleted",
      text: "",
      html: "",
      author_name: "",
      author_email: null,
      author_website: null,
      avatar_seed: "",
      edit_token_hash: null,
      network_hash: null,
      notify_replies: 0,
      moderation_reasons: "[]",
      identity_id: null,
      author_verified: null,
    });
    expect(await identities()).toEqual([ANN.name]);
    expect(await sessionsOf(PAT.name)).toBe(0);
    expectRedacted((await outbox()).filter((m) => patMails.some((p) => p.id === m.id)));
    expect(await subscribers()).toEqual([ANN.email]);
    // Its likes stay with the placeholder (they are the readers', and the count is shown).
    expect(await rows("SELECT comment_id FROM likes WHERE comment_id = ?1", pat.id)).toHaveLength(1);
    // Ann's reply and what it caused are untouched.
    expect((await rows("SELECT author_email FROM comments WHERE id = ?1", ann.id))[0].author_email).toBe(
      ANN.email,
    );
    expect((await outbox()).filter((m) => m.to_addr === ANN.email || m.to_addr === MOD)).toHaveLength(2);
    const dump = await snapshot();
    for (const trace of [PAT.email, PAT.name, pat.text]) expect(dump).not.toContain(trace);
  });

  it("keeps the address's subscription and mails while another comment of it remains", async () => {
    const { pat, ann } = await world();
    const second = await post({ notifyReplies: true, text: "Annika again" }, undefined, annSession);
    const cy = await post({ author: { name: "Cy" }, parentId: second.id, text: "Cy answers Annika" });
    const toAnn = (await outbox()).filter((m) => m.to_addr === ANN.email && m.comment_id === cy.id);
    expect(toAnn).toHaveLength(1);

    expect((await erase(ann)).status).toBe(204);
    expect(await subscribers()).toEqual([ANN.email, PAT.email]);
    expect(await identities()).toEqual([ANN.name, PAT.name]);
    expect((await outbox()).filter((m) => m.id === toAnn[0].id)).toEqual(toAnn);

    // Her last comment goes: now her address goes too, with the mails sent to it.
    expect((await erase(second)).status).toBe(204);
    expect(await subscribers()).toEqual([PAT.email]);
    expect(await identities()).toEqual([PAT.name]);
    expectRedacted((await outbox()).filter((m) => m.id === toAnn[0].id));
    expect((await rows("SELECT status FROM comments WHERE id = ?1", pat.id))[0].status).toBe("approved");
    expect(await snapshot()).not.toContain(ANN.email);
  });
});

describe("the admin outbox listing", () => {
  it("shows redacted mails as erased, without address, subject or text, and still counts them", async () => {
    const { ann } = await world();
    const total = (await outbox()).length;
    expect((await adminErase(ann)).status).toBe(204);
    const res = await fetchApp("/api/v1/admin/outbox?site=blog", {
      headers: { Authorization: `Bearer ${OPERATOR}` },
    });
    expect(res.status).toBe(200);
    const { mails } = (await res.json()) as { mails: any[] };
    expect(mails).toHaveLength(total);
    const erased = mails.filter((m) => m.status === "erased");
    expect(erased).toHaveLength(2);
    for (const m of erased) expect(m).toMatchObject({ to: "erased", subject: "", text: "" });
    expect(mails.filter((m) => m.status === "sent")).toHaveLength(total - 2);
    expect(JSON.stringify(mails)).not.toContain(ANN.email);
    expect(JSON.stringify(mails)).not.toContain(ann.text);
  });
});

describe("who sees the notifications", () => {
  it("shows mails, deliveries and moderator addresses to the site's moderators only, and secrets to nobody", async () => {
    await world();
    await addSite("other", ["https://other.example"]);
    await env.DB.prepare(
      "INSERT INTO webhook_deliveries (id, site_id, event, url, created_at) VALUES ('d1', 'blog', 'comment.created', 'https://hooks.example/x', ?1)",
    )
      .bind(new Date().toISOString())
      .run();
    const asOperator = (method: string, path: string, body: unknown) =>
      fetchApp(`/api/v1/admin${path}`, {
        method,
        headers: { Authorization: `Bearer ${OPERATOR}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const secrets = { turnstileSecret: "ts-secret-4f9a2c", webhookSecret: "wh-secret-8d1e7b" };
    expect((await asOperator("PATCH", "/sites/blog", secrets)).status).toBe(200);
    const mint = async (site: string) =>
      (
        (await (
          await asOperator("POST", "/tokens", { label: `moderator of ${site}`, sites: [site] })
        ).json()) as any
      ).token as string;
    const get = async (token: string, path: string) =>
      (await (
        await fetchApp(`/api/v1/admin${path}`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as any;
    const own = await mint("blog");
    const stranger = await mint("other");
    expect((await get(own, "/outbox")).mails).toHaveLength((await outbox()).length);
    expect((await get(own, "/webhooks")).deliveries).toHaveLength(1);
    expect((await get(own, "/sites")).sites[0].notifyEmails).toEqual([MOD]);
    expect((await get(stranger, "/outbox")).mails).toEqual([]);
    expect((await get(stranger, "/webhooks")).deliveries).toEqual([]);
    const strangerSees = JSON.stringify(
      await Promise.all(["/outbox", "/sites"].map((p) => get(stranger, p))),
    );
    for (const hidden of [ANN.email, MOD]) expect(strangerSees).not.toContain(hidden);
    const everything = JSON.stringify(
      await Promise.all(
        [OPERATOR, own].flatMap((t) => ["/sites", "/outbox", "/webhooks"].map((p) => get(t, p))),
      ),
    );
    for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
  });
});
