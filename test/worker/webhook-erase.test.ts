// Webhook events wait in D1, not in the queue (migration 0016): the message names the delivery,
// so an erase (a moderator's, the author's, or a reader erasing themselves) empties the events
// about the comment that have not gone out yet, and the consumer drops them instead of sending
// the erased text. A delivered
// event, or one given up on after its last attempt, keeps no body either. The queue binding
// records what the worker sends, and the test hands it to the worker's own consumer as the queue
// would (createMessageBatch), so each attempt happens when the test says; the receiver is the
// local webhook server of test/fakes/servers.ts.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import worker from "../../worker/src/index.ts";
import { WEBHOOK_ATTEMPTS, type WebhookMessage } from "../../worker/src/services/webhooks.ts";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, addSite, BLOG, OPERATOR, RESET_SQL, signedIn } from "./helpers.ts";

let sent: WebhookMessage[] = [];
const WEBHOOKS = {
  send: async (m: WebhookMessage) => {
    sent.push(m);
  },
} as unknown as Queue<WebhookMessage>;
const vars = { WEBHOOKS };

interface Received {
  path: string;
  raw: string;
}
const received = async (path: string) =>
  ((await (await fetch(`${inject("hookUrl")}/__log`)).json()) as Received[]).filter((r) => r.path === path);

const row = (event: string) =>
  env.DB.prepare(
    "SELECT id, body, erased_at, attempts, last_error, delivered_at FROM webhook_deliveries WHERE event = ?1",
  )
    .bind(event)
    .first<{
      id: string;
      body: string | null;
      erased_at: string | null;
      attempts: number;
      last_error: string | null;
      delivered_at: string | null;
    }>();

/** One attempt at a message, as the queue makes it: whether it was acked or sent back. */
async function attempt(m: WebhookMessage, attempts: number): Promise<"ack" | "retry"> {
  const batch = createMessageBatch("confab-webhooks", [
    { id: "m", timestamp: new Date(), attempts, body: m },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  if (result.explicitAcks.includes("m")) return "ack";
  expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m"]);
  return "retry";
}

let key = 0;
/** A hook path of this test: `down` answers 404 (every attempt fails), `ok` 204. */
async function hookTo(kind: "down" | "ok"): Promise<string> {
  const path = `/${kind === "ok" ? "hook/ok" : "down"}/erase-${Date.now()}-${++key}`;
  await env.DB.prepare("UPDATE sites SET webhook_url = ?1 WHERE id = 'blog'")
    .bind(`${inject("hookUrl")}${path}`)
    .run();
  return path;
}

interface Posted {
  id: string;
  token: string;
  /** The reader's session, when posted signed in. */
  session?: string;
}

async function post(text: string, session?: string): Promise<Posted> {
  const res = await fetchApp(
    "/api/v1/comments",
    {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: BLOG,
        "CF-Connecting-IP": "192.0.2.45",
        ...(session ? { Authorization: `Bearer ${session}` } : {}),
      },
      body: JSON.stringify({ site: "blog", url: ARTICLE, author: { name: "Orla Mentz" }, text }),
    },
    { vars },
  );
  const body = (await res.json()) as any;
  expect(res.status).toBe(201);
  return { id: body.comment.id, token: body.editToken, session };
}

/** Each way to erase, and whether its comment is posted signed in (a reader erases themselves). */
const WAYS: [string, (c: Posted) => Promise<Response>, boolean][] = [
  [
    "admin erase",
    (c) =>
      fetchApp(
        `/api/v1/admin/comments/${c.id}`,
        { method: "DELETE", headers: { Authorization: `Bearer ${OPERATOR}` } },
        { vars },
      ),
    false,
  ],
  [
    "author delete",
    (c) =>
      fetchApp(
        `/api/v1/comments/${c.id}`,
        { method: "DELETE", headers: { Origin: BLOG, Authorization: `Bearer ${c.token}` } },
        { vars },
      ),
    false,
  ],
  [
    "reader's self-erasure",
    (c) =>
      fetchApp(
        "/api/v1/auth/identity",
        { method: "DELETE", headers: { Origin: BLOG, Authorization: `Bearer ${c.session}` } },
        { vars },
      ),
    true,
  ],
];

beforeEach(async () => {
  sent = [];
  await env.DB.exec(RESET_SQL);
  await addSite();
  await env.DB.prepare("UPDATE sites SET min_submit_ms = 0 WHERE id = 'blog'").run();
});

describe.each(WAYS)("%s", (_way, erase, signedInFirst) => {
  it("empties the events about the comment still waiting, and the consumer drops them", async () => {
    const path = await hookTo("down");
    const session = signedInFirst
      ? (await signedIn("blog", { email: "orla@example.org", name: "Orla Mentz" })).token
      : undefined;
    const c = await post("Words to be taken back", session);
    const [created] = sent;
    expect(created).toBeDefined();
    if (!created) return;
    // The message names the delivery only; the body waits in the row.
    expect(Object.keys(created).sort()).toEqual(["deliveryId", "siteId", "url"]);
    expect((await row("comment.created"))?.body).toContain("Words to be taken back");
    expect(await attempt(created, 1)).toBe("retry");
    expect((await received(path)).map((r) => r.raw.includes("Words to be taken back"))).toEqual([true]);

    expect((await erase(c)).status).toBe(204);
    expect(await row("comment.created")).toMatchObject({ body: null, erased_at: expect.any(String) });
    expect(await attempt(created, 2)).toBe("ack");
    expect(await row("comment.created")).toMatchObject({
      attempts: 2,
      last_error: "dropped: the comment was erased",
      delivered_at: null,
    });
    expect(await received(path)).toHaveLength(1);

    // The erase's own event carries ids only, and goes out.
    const deleted = sent[1];
    expect(sent).toHaveLength(2);
    if (!deleted) return;
    expect(await attempt(deleted, 1)).toBe("retry");
    const [, second] = await received(path);
    expect(JSON.parse(second?.raw ?? "{}")).toMatchObject({ event: "comment.deleted", data: { id: c.id } });
    expect(second?.raw).not.toContain("Words to be taken back");
    expect(second?.raw).not.toContain("Orla Mentz");
  });
});

describe("a waiting event's body", () => {
  it("goes once the event is delivered, and a repeat of the message sends nothing", async () => {
    const path = await hookTo("ok");
    await post("Delivered words");
    const [created] = sent;
    if (!created) throw new Error("no webhook was queued");
    expect(await attempt(created, 1)).toBe("ack");
    expect(await row("comment.created")).toMatchObject({ body: null, delivered_at: expect.any(String) });
    expect(JSON.parse((await received(path))[0]?.raw ?? "{}")).toMatchObject({
      event: "comment.created",
      data: { text: "Delivered words", author: "Orla Mentz" },
    });
    expect(await attempt(created, 2)).toBe("ack");
    expect(await received(path)).toHaveLength(1);
  });

  it("stays for every retry and goes after the last failed attempt", async () => {
    await hookTo("down");
    await post("Undeliverable words");
    const [created] = sent;
    if (!created) throw new Error("no webhook was queued");
    expect(await attempt(created, WEBHOOK_ATTEMPTS - 1)).toBe("retry");
    expect((await row("comment.created"))?.body).toContain("Undeliverable words");
    expect(await attempt(created, WEBHOOK_ATTEMPTS)).toBe("retry");
    expect(await row("comment.created")).toMatchObject({ body: null, erased_at: null, delivered_at: null });
  });
});
