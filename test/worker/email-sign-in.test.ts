// Sign-in by email (docs/identity.md): a code and a link, mailed through the real mail path (the
// fake provider speaks its HTTP API, so the mail is read from what it received), the link page
// acting only on POST, and every way a code dies.

import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { sixDigits } from "../../worker/src/services/auth/email.ts";
import { cleanup } from "../../worker/src/services/cleanup.ts";
import { addSite, api, BLOG, expectError, post, postJson, RESET_SQL, signedIn, snapshot } from "./helpers.ts";

const OTHER = "https://other.example.net";
let n = 0;
/** An address no other test (of any file) mails, since the fake provider's log is shared. */
const fresh = () => `reader-${Date.now().toString(36)}-${n++}@example.org`;

interface Sent {
  code: string;
  link: string;
  subject: string;
}

/** The mails the fake provider received for `to`, newest last, once there are `count`. */
async function mailsTo(to: string, count = 1): Promise<Sent[]> {
  for (let i = 0; i < 60; i++) {
    const log = (await (await fetch(`${inject("mailUrl")}/__log`)).json()) as { raw?: string }[];
    const sent = log
      .map((m) => (m.raw ? (JSON.parse(m.raw) as { to: string[]; subject: string; text: string }) : null))
      .filter((m) => m?.to[0] === to)
      .map((m) => ({
        code: m?.text.match(/: (\d{6})\n/)?.[1] ?? "",
        link: (m?.text.match(/link: (\S+)/)?.[1] ?? "").replace("https://confab.test", ""),
        subject: m?.subject ?? "",
      }));
    if (sent.length >= count) return sent;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`no mail to ${to}`);
}

const ask = (body: Record<string, unknown>, ip = "203.0.113.7", origin = BLOG) =>
  postJson("/api/v1/auth/email", { site: "blog", ...body }, { "CF-Connecting-IP": ip, Origin: origin });
const verify = (body: Record<string, unknown>, origin = BLOG) =>
  postJson("/api/v1/auth/email/verify", { site: "blog", ...body }, { Origin: origin });
const me = (token: string) =>
  api("/api/v1/auth/me", { headers: { Authorization: `Bearer ${token}`, Origin: BLOG } });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", [OTHER]);
});

describe("POST /api/v1/auth/email and /verify", () => {
  it("mails a code that signs in once, as an email identity with the address", async () => {
    const email = fresh();
    const res = await ask({ email: email.toUpperCase(), url: `${BLOG}/post/` });
    expect(res.status).toBe(202);
    const { expiresAt } = (await res.json()) as { expiresAt: string };
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9.9);
    expect(minutes).toBeLessThanOrEqual(10);
    const [mail] = await mailsTo(email);
    expect(mail?.subject).toBe("Your sign-in code for Site blog");
    expect(mail?.code).toMatch(/^\d{6}$/);

    const ok = await verify({ email, code: mail?.code });
    expect(ok.status).toBe(200);
    const signed = (await ok.json()) as any;
    expect(signed.identity).toMatchObject({ verified: "email", email, isStaff: false, name: "" });
    expect((await me(signed.token)).status).toBe(200);
    // Used: the same code again is dead.
    await expectError(await verify({ email, code: mail?.code }), 400, "invalid_code");
  });

  it("stores neither the code nor the link's secret, and keeps them out of the outbox", async () => {
    const email = fresh();
    await ask({ email, url: `${BLOG}/` });
    const [mail] = await mailsTo(email);
    const secret = new URL(`https://x${mail?.link}`).searchParams.get("k") ?? "";
    expect(secret).toHaveLength(43);
    const stored = JSON.stringify(await env.DB.prepare("SELECT * FROM email_codes").all());
    expect(stored).not.toContain(mail?.code);
    expect(stored).not.toContain(secret);
    let kept = await env.DB.prepare("SELECT text, html FROM outbox WHERE to_addr = ?1")
      .bind(email)
      .first<any>();
    for (let i = 0; i < 50 && !kept; i++) {
      await new Promise((r) => setTimeout(r, 40));
      kept = await env.DB.prepare("SELECT text, html FROM outbox WHERE to_addr = ?1")
        .bind(email)
        .first<any>();
    }
    expect(kept.text).toContain("(not kept)");
    expect(`${kept.text}${kept.html}`).not.toContain(mail?.code);
    expect(`${kept.text}${kept.html}`).not.toContain(secret);
  });

  it("kills a code after 5 wrong tries, even for the right code after them", async () => {
    const email = fresh();
    await ask({ email });
    const [mail] = await mailsTo(email);
    const wrong = mail?.code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) await expectError(await verify({ email, code: wrong }), 400, "invalid_code");
    await expectError(await verify({ email, code: mail?.code }), 400, "invalid_code");
  });

  it("counts parallel wrong guesses one by one: no more than 5 are ever compared", async () => {
    const email = fresh();
    await ask({ email });
    const [mail] = await mailsTo(email);
    const guesses = Array.from({ length: 20 }, (_, i) => String(i).padStart(6, "0")).filter(
      (g) => g !== mail?.code,
    );
    await Promise.all(guesses.map((code) => verify({ email, code })));
    const row = await env.DB.prepare("SELECT tries FROM email_codes").first<{ tries: number }>();
    expect(row?.tries).toBe(5);
  });

  it("refuses an expired code, and a code replaced by a newer request", async () => {
    const email = fresh();
    await ask({ email });
    const [first] = await mailsTo(email);
    await ask({ email });
    const [, second] = await mailsTo(email, 2);
    await expectError(await verify({ email, code: first?.code }), 400, "invalid_code");
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM email_codes").first("n")).toBe(1);
    await env.DB.prepare("UPDATE email_codes SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    await expectError(await verify({ email, code: second?.code }), 400, "invalid_code");
  });

  it("signs in only on the site that mailed the code", async () => {
    const email = fresh();
    await env.DB.prepare("UPDATE sites SET sign_in = '[\"email\"]' WHERE id = 'other'").run();
    await ask({ email });
    const [mail] = await mailsTo(email);
    await expectError(
      await postJson(
        "/api/v1/auth/email/verify",
        { site: "other", email, code: mail?.code },
        { Origin: OTHER },
      ),
      400,
      "invalid_code",
    );
    const { token } = (await (await verify({ email, code: mail?.code })).json()) as any;
    // The token is the blog's: refused on the other site.
    await expectError(
      await postJson(
        "/api/v1/comments",
        { site: "other", url: `${OTHER}/a/`, text: "hi" },
        { Origin: OTHER, Authorization: `Bearer ${token}` },
      ),
      401,
      "unauthorized",
    );
  });

  it("limits codes per address and per network with 429 and Retry-After", async () => {
    const email = fresh();
    for (let i = 0; i < 3; i++) expect((await ask({ email }, `198.51.100.${i}`)).status).toBe(202);
    const res = await ask({ email }, "198.51.100.9");
    const error = await expectError(res, 429, "rate_limited");
    expect(error.message).toContain("sign-in codes");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    // One network asking for many addresses.
    for (let i = 0; i < 10; i++) expect((await ask({ email: fresh() }, "192.0.2.1")).status).toBe(202);
    await expectError(await ask({ email: fresh() }, "192.0.2.1"), 429, "rate_limited");
  });

  it("answers bad input with its 4xx and writes nothing", async () => {
    await env.DB.prepare("UPDATE sites SET sign_in = '[\"passkey\"]' WHERE id = 'other'").run();
    const before = await snapshot();
    const cases: [Response, number, string][] = [
      [await ask({ email: "not an address" }), 400, "validation_failed"],
      [await ask({ email: "" }), 400, "validation_failed"],
      [await ask({ email: fresh(), url: "https://elsewhere.example/" }), 400, "validation_failed"],
      [await ask({ email: fresh(), url: "javascript:alert(1)" }), 400, "validation_failed"],
      [await ask({ email: fresh(), site: "nope" }), 404, "unknown_site"],
      [await ask({ email: fresh() }, "192.0.2.2", OTHER), 403, "origin_not_allowed"],
      [await ask({ email: fresh(), site: "other" }, "192.0.2.2", OTHER), 403, "forbidden"],
      [await verify({ email: fresh(), code: "12345" }), 400, "validation_failed"],
      [await verify({ email: fresh(), code: ["123456"] }), 400, "validation_failed"],
      [await verify({ email: fresh() }), 400, "validation_failed"],
      [await verify({ email: fresh(), code: "123456", site: "nope" }), 404, "unknown_site"],
      [await verify({ email: fresh(), code: "123456" }), 400, "invalid_code"],
      [await postJson("/api/v1/auth/email", "[1]", { Origin: BLOG }), 400, "validation_failed"],
      [await postJson("/api/v1/auth/email", "{", { Origin: BLOG }), 400, "invalid_json"],
    ];
    for (const [res, status, code] of cases) await expectError(res, status, code);
    const fields = await expectError(
      await ask({ email: "x", url: "https://elsewhere.example/" }),
      400,
      "validation_failed",
    );
    expect(fields.fields).toEqual({ email: "invalid" });
    expect(await snapshot()).toBe(before);
  });
});

describe("the link of the mail", () => {
  it("shows a page on GET that writes nothing; POST signs in and sends the reader back with the token", async () => {
    const email = fresh();
    await ask({ email, url: `${BLOG}/post/#comments` });
    const [mail] = await mailsTo(email);
    const before = await snapshot();
    const page = await api(mail?.link ?? "");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    // The button's answer redirects to the blog: the page's form-action must allow it.
    expect(page.headers.get("Content-Security-Policy")).toContain(`form-action 'self' ${BLOG};`);
    // Cross-origin, a referrer is only the origin: the link's secret never leaves in one.
    expect(page.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain(email);
    expect(await snapshot()).toBe(before);

    const done = await api(mail?.link ?? "", { method: "POST", redirect: "manual" });
    expect(done.status).toBe(303);
    const location = done.headers.get("Location") ?? "";
    expect(location).toMatch(new RegExp(`^${BLOG}/post/#confab-signin=[A-Za-z0-9_-]{43}$`));
    const token = location.split("=")[1] ?? "";
    const body = (await (await me(token)).json()) as any;
    expect(body.identity).toMatchObject({ verified: "email", email });
    // The link and the code are one: both are used now.
    await expectError(await api(mail?.link ?? "", { method: "POST" }), 410, "link_used");
    await expectError(await api(mail?.link ?? ""), 410, "link_used");
    await expectError(await verify({ email, code: mail?.code }), 400, "invalid_code");
  });

  it("without a page to go back to, asks for the code instead and signs nobody in", async () => {
    const email = fresh();
    await ask({ email });
    const [mail] = await mailsTo(email);
    const before = await snapshot();
    const done = await api(mail?.link ?? "", { method: "POST" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("6-digit code");
    expect(await snapshot()).toBe(before);
    expect((await verify({ email, code: mail?.code })).status).toBe(200);
  });

  it("refuses a wrong secret, a malformed link and an expired one, writing nothing", async () => {
    const email = fresh();
    await ask({ email, url: `${BLOG}/` });
    const [mail] = await mailsTo(email);
    const url = new URL(`https://confab.test${mail?.link}`);
    const id = url.searchParams.get("c");
    const before = await snapshot();
    await expectError(
      await api(`/api/v1/auth/email/confirm?c=${id}&k=${"A".repeat(43)}`, { method: "POST" }),
      410,
      "link_used",
    );
    await expectError(
      await api(`/api/v1/auth/email/confirm?c=${id}&k=short`, { method: "POST" }),
      400,
      "validation_failed",
    );
    await expectError(await api("/api/v1/auth/email/confirm", { method: "POST" }), 400, "validation_failed");
    await env.DB.prepare("UPDATE email_codes SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const expired = await snapshot();
    await expectError(await api(mail?.link ?? "", { method: "POST" }), 410, "link_used");
    expect(await snapshot()).toBe(expired);
    expect(before).not.toBe(expired);
  });
});

describe("codes", () => {
  it("are six digits, each digit about equally likely", () => {
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      const code = sixDigits();
      expect(code).toMatch(/^\d{6}$/);
      for (const d of code) counts[Number(d)]++;
    }
    // 12,000 digits: each about 1,200; a biased or constant generator falls far outside.
    for (const c of counts) expect(Math.abs(c - 1200)).toBeLessThan(200);
  });

  it("are removed by the daily cleanup once expired, with expired sessions and ceremonies", async () => {
    const email = fresh();
    await ask({ email });
    await ask({ email: fresh() });
    const past = "2000-01-01T00:00:00.000Z";
    await env.DB.prepare("UPDATE email_codes SET expires_at = ?2 WHERE email = ?1").bind(email, past).run();
    // A reader who signed in long ago and never posted, one who posted, and one signed in now.
    const idle = await signedIn("blog", { email: "idle@example.org" });
    const poster = await signedIn("blog", { email: "poster@example.org" });
    const live = await signedIn("blog", { email: "live@example.org" });
    await post({ text: "a comment" }, { Authorization: `Bearer ${poster.token}` });
    await env.DB.prepare("UPDATE reader_sessions SET expires_at = ?1 WHERE identity_id IN (?2, ?3)")
      .bind(past, idle.identity.id, poster.identity.id)
      .run();
    await env.DB.prepare("UPDATE identities SET updated_at = ?1").bind(past).run();
    await env.DB.prepare(
      `INSERT INTO auth_challenges (id, site_id, kind, data, created_at, expires_at)
       VALUES ('old', 'blog', 'oauth', '{}', ?1, ?1), ('new', 'blog', 'oauth', '{}', ?1, ?2)`,
    )
      .bind(past, new Date(Date.now() + 600_000).toISOString())
      .run();
    await cleanup(env.DB);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM email_codes").first("n")).toBe(1);
    const left = await env.DB.prepare("SELECT email FROM identities ORDER BY email").all<{ email: string }>();
    expect(left.results.map((r) => r.email)).toEqual(["live@example.org", "poster@example.org"]);
    const sessions = await env.DB.prepare("SELECT identity_id FROM reader_sessions").all<{
      identity_id: string;
    }>();
    expect(sessions.results.map((r) => r.identity_id)).toEqual([live.identity.id]);
    expect((await env.DB.prepare("SELECT id FROM auth_challenges").all()).results).toEqual([{ id: "new" }]);
  });
});
