// New notification addresses must consent: a token can ask for an address, which then gets a
// signed confirmation link by mail (through the real mail path, so it is in the outbox) and no
// moderator mail until it follows the link with a POST.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { keysOf } from "../../worker/src/lib/keys.ts";
import { notifyConfirmLink } from "../../worker/src/lib/signed-links.ts";
import {
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  post,
  RESET_SQL,
  seedNotifyEmails,
  snapshot,
} from "./helpers.ts";

const outbox = async (to: string) =>
  (
    await env.DB.prepare("SELECT subject, text, html FROM outbox WHERE to_addr = ?1 ORDER BY id")
      .bind(to)
      .all<{ subject: string; text: string; html: string }>()
  ).results;

/** Mails are sent after the answer: wait until `to` has `n` of them. */
async function mailsTo(to: string, n: number) {
  let mails = await outbox(to);
  for (let i = 0; i < 50 && mails.length < n; i++) {
    await new Promise((r) => setTimeout(r, 40));
    mails = await outbox(to);
  }
  return mails;
}

/** The confirmation link of the newest mail to `to`, as a path on the test worker. */
async function linkFor(to: string): Promise<string> {
  const mails = await mailsTo(to, 1);
  const link = mails.at(-1)?.text.match(/Confirm: (\S+)/)?.[1];
  if (!link) throw new Error(`no confirmation link for ${to}`);
  return link.replace("https://confab.test", "");
}

const patchEmails = (notifyEmails: string[], token?: string) =>
  admin("/sites/blog", { method: "PATCH", body: { notifyEmails }, token });

let mod = "";
beforeEach(async () => {
  await env.DB.exec(`${RESET_SQL} DELETE FROM outbox;`);
  await addSite("blog", [BLOG], "all");
  mod = (await adminJson("/tokens", { method: "POST", body: { label: "Mod", sites: ["blog"] } })).token;
});

describe("confirming a notification address", () => {
  it("mails a link, sends nothing else until it is followed with a POST, then notifies", async () => {
    const res = await patchEmails(["a@example.com", "B@Example.com"], mod);
    expect(res.status).toBe(200);
    const { site } = (await res.json()) as any;
    expect([site.notifyEmails, site.notifyEmailsPending]).toEqual([[], ["a@example.com", "b@example.com"]]);

    const [mail] = await mailsTo("a@example.com", 1);
    expect(mail?.subject).toBe("Confirm moderator notifications from Site blog");
    expect(mail?.html).toContain("/api/v1/notify-emails/confirm?site=blog&amp;email=a%40example.com");
    await post({ text: "held before consent" });
    await new Promise((r) => setTimeout(r, 200));
    expect(await outbox("a@example.com")).toHaveLength(1);

    // A mail scanner opening the link changes nothing.
    const path = await linkFor("a@example.com");
    const before = await snapshot();
    const page = await api(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(await snapshot()).toBe(before);

    const done = await api(path, { method: "POST" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("a@example.com now gets the moderator notifications");
    const [after] = (await adminJson("/sites")).sites;
    expect([after.notifyEmails, after.notifyEmailsPending]).toEqual([["a@example.com"], ["b@example.com"]]);
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({ actor: "mail link", action: "site.notify_confirm" });

    await post({ text: "held after consent" });
    const mails = await mailsTo("a@example.com", 2);
    expect(mails.at(-1)?.subject).toContain("awaiting approval");
    expect((await outbox("b@example.com")).map((m) => m.subject)).toEqual([
      "Confirm moderator notifications from Site blog",
    ]);
    // Following the link again confirms nothing more.
    const again = await api(path, { method: "POST" });
    expect([again.status, await again.text()]).toEqual([200, expect.stringContaining("Already confirmed")]);
  });

  it("keeps confirmed addresses that stay, drops the others, and a dropped address's link is dead", async () => {
    await patchEmails(["a@example.com", "b@example.com"]);
    await api(await linkFor("a@example.com"), { method: "POST" });
    const bLink = await linkFor("b@example.com");

    const { site } = await adminJson("/sites/blog", {
      method: "PATCH",
      body: { notifyEmails: ["a@example.com", "c@example.com"] },
    });
    expect([site.notifyEmails, site.notifyEmailsPending]).toEqual([["a@example.com"], ["c@example.com"]]);
    await mailsTo("c@example.com", 1);
    const before = await snapshot();
    await expectError(await api(bLink, { method: "POST" }), 410, "link_used");
    await expectError(await api(bLink), 410, "link_used");
    expect(await snapshot()).toBe(before);

    const cleared = await adminJson("/sites/blog", { method: "PATCH", body: { notifyEmails: [] } });
    expect([cleared.site.notifyEmails, cleared.site.notifyEmailsPending]).toEqual([[], []]);
  });

  it("refuses a changed, unsigned or expired link, changing nothing", async () => {
    await patchEmails(["a@example.com", "b@example.com"]);
    const path = await linkFor("a@example.com");
    await mailsTo("b@example.com", 1);
    const expired = await notifyConfirmLink("https://confab.test", keysOf(env), {
      site: "blog",
      email: "a@example.com",
      nowMs: Date.now() - 4 * 24 * 3600_000,
    });
    const before = await snapshot();
    for (const bad of [
      path.replace("a%40example.com", "b%40example.com"),
      path.replace("site=blog", "site=other"),
      path.replace(/sig=[0-9a-f]{4}/, "sig=0000"),
      path.replace(/expires=\d+/, (m) => `${m}1`),
      path.replace(/&sig=.*/, ""),
      expired.replace("https://confab.test", ""),
    ]) {
      const res = await api(bad, { method: "POST" });
      expect([res.status, bad]).toEqual([403, bad]);
    }
    expect(await snapshot()).toBe(before);
  });

  it("mails one link a day per address, even when it is removed and added again", async () => {
    await patchEmails(["a@example.com"], mod);
    await mailsTo("a@example.com", 1);
    await patchEmails([], mod);
    const { site } = (await (await patchEmails(["a@example.com"], mod)).json()) as any;
    expect(site.notifyEmailsPending).toEqual(["a@example.com"]);
    await patchEmails(["a@example.com", "z@example.com"], mod);
    await mailsTo("z@example.com", 1);
    expect(await outbox("a@example.com")).toHaveLength(1);
    // The first link still confirms: the address is on the list again.
    expect((await api(await linkFor("a@example.com"), { method: "POST" })).status).toBe(200);

    // A day later a new save sends a new link.
    await env.DB.prepare("UPDATE notify_email_requests SET mailed_at = '2000-01-01T00:00:00.000Z'").run();
    await patchEmails(["a@example.com", "z@example.com"], mod);
    expect((await mailsTo("z@example.com", 2)).length).toBe(2);
  });

  it("limits a moderator token to 20 confirmation mails a site a day; the operator is not limited", async () => {
    const list = (from: number) => Array.from({ length: 20 }, (_, i) => `m${from + i}@example.com`);
    expect((await patchEmails(list(0), mod)).status).toBe(200);
    for (const to of list(0)) await mailsTo(to, 1);
    const before = await snapshot();
    const refused = await patchEmails(["late@example.com"], mod);
    await expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(86_000);
    expect(await snapshot()).toBe(before);
    expect((await patchEmails(["late@example.com"])).status).toBe(200);
    expect((await mailsTo("late@example.com", 1)).length).toBe(1);
  });

  it("asks the addresses of a site an import creates, and exports only confirmed ones", async () => {
    await seedNotifyEmails("blog", ["kept@example.com"]);
    await patchEmails(["kept@example.com", "waiting@example.com"]);
    await mailsTo("waiting@example.com", 1);
    const file = await adminJson("/export?site=blog");
    expect(file.site.notifyEmails).toEqual(["kept@example.com"]);
    expect(file.site.notifyEmailsPending).toBeUndefined();
    const res = await admin("/import?site=copy&format=confab", { method: "POST", body: file });
    expect(res.status).toBe(200);
    const copy = (await adminJson("/sites")).sites.find((s: any) => s.id === "copy");
    expect([copy.notifyEmails, copy.notifyEmailsPending]).toEqual([[], ["kept@example.com"]]);
    expect((await mailsTo("kept@example.com", 1))[0]?.text).toContain("site=copy&email=kept%40example.com");
  });

  it("puts the addresses of a new site on the waiting list too", async () => {
    const { site } = await adminJson("/sites", {
      method: "POST",
      body: { id: "news", name: "News", origins: ["https://news.example"], notifyEmails: ["n@example.com"] },
    });
    expect([site.notifyEmails, site.notifyEmailsPending]).toEqual([[], ["n@example.com"]]);
    expect((await api(await linkFor("n@example.com"), { method: "POST" })).status).toBe(200);
    expect((await adminJson("/sites")).sites.find((s: any) => s.id === "news").notifyEmails).toEqual([
      "n@example.com",
    ]);
  });
});
