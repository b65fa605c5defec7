// A held reply approved later, end to end: the parent's author signs in with an email code (the
// code read from the outbox of the `log` provider) and posts asking for reply mails, which is
// the opt-in; a new reader's reply, in real Chromium, waits in the queue (moderation `first`); a
// moderator approves it in the dashboard. Then the parent's author has their reply mail in the
// outbox, and the site's webhook got `comment.approved`.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

let browser: Browser;
let host: Server;
let hooks: Server;
let hostUrl = "";
const received: { event: string; data: { id: string } }[] = [];

const asOperator = (path: string, init: RequestInit = {}) =>
  fetch(`${inject("workerUrl")}/api/v1/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
  });

async function body(req: IncomingMessage): Promise<string> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  return raw;
}

beforeAll(async () => {
  const workerUrl = inject("workerUrl");
  // The site's webhook receiver: a local server that records what it is sent.
  hooks = createServer(async (req, res) => {
    received.push(JSON.parse(await body(req)));
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => hooks.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
  const site = await asOperator("/sites", {
    method: "POST",
    body: JSON.stringify({
      id: "replysite",
      name: "Reply Blog",
      origins: ["http://localhost:*"],
      moderation: "first",
      minSubmitMs: 0,
      rateLimitPerMinute: 0,
      rateLimitPerHour: 0,
      webhookUrl: hookUrl,
    }),
  });
  expect(site.status).toBe(201);
  host = createServer((_req, out) => {
    out.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    out.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reply post</title></head>
<body><h1>Reply post</h1><div id="comments"></div>
<script src="${workerUrl}/embed.js" data-site="replysite" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/reply-post`;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await new Promise((resolve) => hooks?.close(resolve));
});

async function fill(form: Locator, name: string, email: string, text: string) {
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/^Email/).fill(email);
  await form.getByLabel("Comment", { exact: true }).fill(text);
}

const outbox = async (): Promise<{ to: string; subject: string; text: string }[]> =>
  ((await (await asOperator("/outbox?site=replysite")).json()) as { mails: any[] }).mails;

const reader = { "Content-Type": "application/json", Origin: "http://localhost:1" };

/** Signs in by email through the API: the code comes from the outbox (the `log` provider keeps it). */
async function emailSignIn(email: string): Promise<string> {
  const api = (path: string, body: unknown) =>
    fetch(`${inject("workerUrl")}/api/v1/auth/email${path}`, {
      method: "POST",
      headers: reader,
      body: JSON.stringify({ site: "replysite", email, ...(body as object) }),
    });
  expect((await api("", {})).status).toBe(202);
  let code = "";
  await expect
    .poll(async () => {
      const mail = (await outbox()).find((m) => m.to === email && m.subject.startsWith("Your sign-in code"));
      code = mail?.text.match(/: (\d{6})\n/)?.[1] ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);
  const signed = await api("/verify", { code });
  expect(signed.status).toBe(200);
  return ((await signed.json()) as { token: string }).token;
}

async function signIn(page: Page) {
  await page.goto(`${inject("workerUrl")}/admin`);
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("a held reply approved from the dashboard", () => {
  it("mails the parent's author and sends comment.approved", async () => {
    // The parent's author signs in with an email code and posts, asking for reply mails (reply
    // mails go only to verified addresses); a moderator publishes the comment.
    const token = await emailSignIn("pat@example.com");
    const posted = await fetch(`${inject("workerUrl")}/api/v1/comments`, {
      method: "POST",
      headers: { ...reader, Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        site: "replysite",
        url: hostUrl,
        title: "Reply post",
        author: { name: "Pat" },
        text: "The parent comment",
        notifyReplies: true,
      }),
    });
    expect(posted.status).toBe(201);
    const moderator = await (await browser.newContext()).newPage();
    await signIn(moderator);
    const patRow = moderator.getByRole("listitem", { name: "Comment by Pat" });
    await expect.poll(() => patRow.count(), { timeout: 15_000 }).toBe(1);
    await patRow.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => patRow.count()).toBe(0);
    // No confirmation mail: signing in proved the address.
    expect((await outbox()).some((m) => m.subject.startsWith("Confirm"))).toBe(false);

    // A new reader replies: held, as their first comment.
    const replier = await (await browser.newContext()).newPage();
    await replier.goto(hostUrl);
    await expect
      .poll(() => replier.locator("#comments article.comment").count(), { timeout: 15_000 })
      .toBe(1);
    await replier.locator("#comments article.comment").getByRole("button", { name: "Reply" }).click();
    const reply = replier.getByRole("form", { name: "Reply to Pat" });
    await fill(reply, "Ria", "ria@example.com", "A reply that waits for a moderator");
    await reply.getByRole("button", { name: "Post comment" }).click();
    await expect
      .poll(() => replier.locator("#comments").getByText("awaiting moderation").count())
      .toBeGreaterThan(0);
    expect((await outbox()).some((m) => m.to === "pat@example.com" && m.subject.includes("replied"))).toBe(
      false,
    );

    // The moderator approves it in the dashboard.
    await moderator.reload();
    const riaRow = moderator.getByRole("listitem", { name: "Comment by Ria" });
    await expect.poll(() => riaRow.count(), { timeout: 15_000 }).toBe(1);
    await riaRow.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => riaRow.count()).toBe(0);

    await expect
      .poll(
        async () =>
          (await outbox()).filter((m) => m.to === "pat@example.com" && m.subject.includes("replied")),
        {
          timeout: 15_000,
        },
      )
      .toEqual([
        expect.objectContaining({
          subject: "Ria replied to your comment on Reply post",
          text: expect.stringContaining("A reply that waits for a moderator"),
        }),
      ]);
    const deliveries = async () =>
      ((await (await asOperator("/webhooks?site=replysite")).json()) as { deliveries: any[] }).deliveries;
    await expect
      .poll(async () => (await deliveries()).filter((d) => d.event === "comment.approved").length, {
        timeout: 15_000,
      })
      .toBe(2);
    // Both approvals reached the receiver, the reply's among them.
    await expect
      .poll(() => received.filter((r) => r.event === "comment.approved").length, { timeout: 20_000 })
      .toBe(2);
  });
});
