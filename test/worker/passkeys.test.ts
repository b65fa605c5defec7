// Passkeys (docs/identity.md, "Passkeys"): a signed-in reader adds one, and the passkey alone then
// signs in to the same identity. The answers are made by a software authenticator with a real key
// (soft-authenticator.ts) and verified by the same WebAuthn library production uses.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../worker/src/index.ts";
import { addSite, api, BLOG, expectError, RESET_SQL, signedIn, snapshot } from "./helpers.ts";
import { SoftAuthenticator } from "./soft-authenticator.ts";

const OTHER = "https://other.example.net";

function call(path: string, body: unknown, opts: { token?: string; origin?: string | null } = {}) {
  return api(`/api/v1/auth/passkey${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(opts.origin === null ? {} : { Origin: opts.origin ?? BLOG }),
      ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function json(res: Response, status: number): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

/** Signs in by email (the service every route ends in) and adds a passkey through the routes. */
async function withPasskey(site = "blog", origin = BLOG) {
  const reader = await signedIn(site, { name: "Ada", email: "ada@example.org" });
  const device = new SoftAuthenticator();
  const { ceremony, options } = await json(
    await call("/register/options", { site }, { token: reader.token, origin }),
    200,
  );
  const response = await device.create(options, origin);
  const added = await json(
    await call("/register/verify", { site, ceremony, response }, { token: reader.token, origin }),
    201,
  );
  return { reader, device, added };
}

async function loginCeremony(site = "blog", origin = BLOG) {
  return json(await call("/login/options", { site }, { origin }), 200) as Promise<{
    ceremony: string;
    options: { challenge: string; rpId: string; allowCredentials?: unknown[] };
  }>;
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", [OTHER]);
});

describe("registering a passkey", () => {
  it("offers options tied to the session's identity, for the page's origin", async () => {
    const reader = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const { ceremony, options } = await json(
      await call("/register/options", { site: "blog" }, { token: reader.token }),
      200,
    );
    expect(ceremony).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(options.rp).toEqual({ id: "blog.example.com", name: "Site blog" });
    expect(options.user.name).toBe("ada@example.org");
    expect(options.user.displayName).toBe("Ada");
    expect(atob(options.user.id.replace(/-/g, "+").replace(/_/g, "/"))).toBe(reader.identity.id);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "preferred",
    });
    expect(options.excludeCredentials).toEqual([]);
    const row = await env.DB.prepare("SELECT * FROM auth_challenges").first<any>();
    expect(row).toMatchObject({ kind: "passkey-register", site_id: "blog", identity_id: reader.identity.id });
    expect(JSON.stringify(row)).not.toContain(ceremony);
    expect(JSON.parse(row.data)).toEqual({ challenge: options.challenge, origin: BLOG });
    const minutes = (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 60_000;
    expect(minutes).toBe(10);
  });

  it("stores the credential, then excludes it from the identity's next registration", async () => {
    const { reader, added } = await withPasskey();
    expect(added.passkey.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const row = await env.DB.prepare("SELECT * FROM passkeys").first<any>();
    expect(row).toMatchObject({
      id: added.passkey.id,
      identity_id: reader.identity.id,
      site_id: "blog",
      counter: 0,
      transports: '["internal"]',
      created_at: added.passkey.createdAt,
    });
    expect(row.public_key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM auth_challenges").first("n")).toBe(0);
    const next = await json(await call("/register/options", { site: "blog" }, { token: reader.token }), 200);
    expect(next.options.excludeCredentials).toEqual([
      { id: added.passkey.id, type: "public-key", transports: ["internal"] },
    ]);
  });

  it("needs a session of the body's site, from one of its origins", async () => {
    const reader = await signedIn("blog");
    // A first use records the session's use (once an hour); what follows must write nothing.
    await api("/api/v1/auth/me", { headers: { Authorization: `Bearer ${reader.token}`, Origin: BLOG } });
    const before = await snapshot();
    await expectError(await call("/register/options", { site: "blog" }), 401, "unauthorized");
    await expectError(
      await call("/register/options", { site: "other" }, { token: reader.token, origin: OTHER }),
      401,
      "unauthorized",
    );
    await expectError(
      await call("/register/options", { site: "blog" }, { token: reader.token, origin: OTHER }),
      403,
      "origin_not_allowed",
    );
    await expectError(
      await call("/register/options", { site: "blog" }, { token: reader.token, origin: null }),
      403,
      "origin_not_allowed",
    );
    expect(await snapshot()).toBe(before);
  });

  it("refuses a bad answer with invalid_code and stores no passkey", async () => {
    const reader = await signedIn("blog");
    const other = await signedIn("blog", { email: "bob@example.org" });
    const device = new SoftAuthenticator();
    const start = async () =>
      json(await call("/register/options", { site: "blog" }, { token: reader.token }), 200);
    const verify = (ceremony: string, response: unknown, token = reader.token) =>
      call("/register/verify", { site: "blog", ceremony, response }, { token });
    const cases: [string, () => Promise<Response>][] = [
      [
        "a challenge of another ceremony",
        async () => {
          const a = await start();
          const b = await start();
          return verify(a.ceremony, await device.create(b.options, BLOG));
        },
      ],
      [
        "another origin in the client data",
        async () => {
          const a = await start();
          return verify(a.ceremony, await device.create(a.options, "https://evil.example"));
        },
      ],
      [
        "another RP id",
        async () => {
          const a = await start();
          return verify(a.ceremony, await device.create({ ...a.options, rp: { id: "evil.example" } }, BLOG));
        },
      ],
      [
        "another identity's ceremony",
        async () => {
          const a = await start();
          return verify(a.ceremony, await device.create(a.options, BLOG), other.token);
        },
      ],
      [
        "an unknown ceremony",
        async () => verify("x".repeat(43), await device.create((await start()).options, BLOG)),
      ],
      [
        "garbage",
        async () =>
          verify((await start()).ceremony, { id: "AAAA", rawId: "AAAA", type: "public-key", response: {} }),
      ],
    ];
    for (const [what, attempt] of cases) {
      const res = await attempt();
      await expectError(res, 400, "invalid_code").catch((e) => {
        throw new Error(`${what}: ${e.message}`);
      });
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM passkeys").first("n")).toBe(0);
  });

  it("uses a ceremony once and refuses an expired one, writing nothing", async () => {
    const reader = await signedIn("blog");
    const device = new SoftAuthenticator();
    const a = await json(await call("/register/options", { site: "blog" }, { token: reader.token }), 200);
    const response = await device.create(a.options, BLOG);
    await env.DB.prepare("UPDATE auth_challenges SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const before = await snapshot();
    await expectError(
      await call(
        "/register/verify",
        { site: "blog", ceremony: a.ceremony, response },
        { token: reader.token },
      ),
      400,
      "invalid_code",
    );
    expect(await snapshot()).toBe(before);
    const b = await json(await call("/register/options", { site: "blog" }, { token: reader.token }), 200);
    const good = await device.create(b.options, BLOG);
    const verify = () =>
      call(
        "/register/verify",
        { site: "blog", ceremony: b.ceremony, response: good },
        { token: reader.token },
      );
    expect((await verify()).status).toBe(201);
    await expectError(await verify(), 400, "invalid_code");
  });
});

describe("signing in with a passkey", () => {
  it("signs in to the identity it was added to, with a new session of method passkey", async () => {
    const { reader, device, added } = await withPasskey();
    const { ceremony, options } = await loginCeremony();
    expect(options.rpId).toBe("blog.example.com");
    expect(options.allowCredentials ?? []).toEqual([]);
    const response = await device.get(options, BLOG);
    const signed = await json(await call("/login/verify", { site: "blog", ceremony, response }), 200);
    expect(signed.identity).toEqual(reader.identity);
    expect(signed.identity.verified).toBe("email");
    expect(signed.token).not.toBe(reader.token);
    const me = await json(
      await api("/api/v1/auth/me", { headers: { Authorization: `Bearer ${signed.token}`, Origin: BLOG } }),
      200,
    );
    expect(me.identity.id).toBe(reader.identity.id);
    const session = await env.DB.prepare(
      "SELECT method FROM reader_sessions ORDER BY created_at DESC, id DESC",
    ).all();
    expect(session.results.map((r) => r.method).sort()).toEqual(["email", "passkey"]);
    const row = await env.DB.prepare("SELECT counter, last_used_at FROM passkeys WHERE id = ?1")
      .bind(added.passkey.id)
      .first<any>();
    expect(row.counter).toBe(1);
    expect(row.last_used_at).not.toBeNull();
  });

  it("refuses a replayed answer, an old counter, an unknown credential and a used ceremony", async () => {
    const { device } = await withPasskey();
    const first = await loginCeremony();
    const answer = await device.get(first.options, BLOG);
    expect((await call("/login/verify", { site: "blog", ...first, response: answer })).status).toBe(200);
    const before = await snapshot({ except: ["auth_challenges", "rate_slots"] });
    // The same ceremony again.
    await expectError(
      await call("/login/verify", { site: "blog", ceremony: first.ceremony, response: answer }),
      400,
      "invalid_code",
    );
    // The same answer for a new ceremony: its challenge is the old one.
    const second = await loginCeremony();
    await expectError(
      await call("/login/verify", { site: "blog", ceremony: second.ceremony, response: answer }),
      400,
      "invalid_code",
    );
    // A cloned authenticator: a counter that went back.
    const third = await loginCeremony();
    device.counterStep = -1;
    const cloned = await device.get(third.options, BLOG);
    await expectError(
      await call("/login/verify", { site: "blog", ceremony: third.ceremony, response: cloned }),
      400,
      "invalid_code",
    );
    // A credential the site never saw.
    const fourth = await loginCeremony();
    const stranger = new SoftAuthenticator();
    await stranger.create({ challenge: "AAAA", rp: {}, user: { id: "AAAA" } }, BLOG);
    await expectError(
      await call("/login/verify", {
        site: "blog",
        ceremony: fourth.ceremony,
        response: await stranger.get(fourth.options, BLOG),
      }),
      400,
      "invalid_code",
    );
    expect(await snapshot({ except: ["auth_challenges", "rate_slots"] })).toBe(before);
    // Every ceremony above was used up by its one attempt.
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM auth_challenges").first("n")).toBe(0);
  });

  it("refuses another site's credential, another origin and an expired ceremony", async () => {
    const { device } = await withPasskey("other", OTHER);
    const before = await snapshot();
    const onBlog = await loginCeremony("blog", BLOG);
    const mid = await snapshot();
    // A passkey of the other site, answered for the blog's challenge and origin.
    await expectError(
      await call("/login/verify", {
        site: "blog",
        ceremony: onBlog.ceremony,
        response: await device.get(onBlog.options, BLOG),
      }),
      400,
      "invalid_code",
    );
    // A ceremony of the other site presented for the blog.
    const onOther = await loginCeremony("other", OTHER);
    await expectError(
      await call("/login/verify", {
        site: "blog",
        ceremony: onOther.ceremony,
        response: await device.get(onOther.options, OTHER),
      }),
      400,
      "invalid_code",
    );
    expect(mid).not.toBe(before);
    const expired = await loginCeremony("other", OTHER);
    await env.DB.prepare("UPDATE auth_challenges SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const frozen = await snapshot();
    await expectError(
      await call(
        "/login/verify",
        { site: "other", ceremony: expired.ceremony, response: await device.get(expired.options, OTHER) },
        { origin: OTHER },
      ),
      400,
      "invalid_code",
    );
    expect(await snapshot()).toBe(frozen);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM reader_sessions").first("n")).toBe(1);
  });

  it("answers 404 for a site that does not offer passkeys, and validates the body", async () => {
    await env.DB.prepare(`UPDATE sites SET sign_in = '["email"]' WHERE id = 'blog'`).run();
    const before = await snapshot();
    await expectError(await call("/login/options", { site: "blog" }), 404, "not_found");
    await expectError(await call("/login/options", { site: "nope" }), 404, "unknown_site");
    const bad = await expectError(
      await call("/login/verify", { site: "other", ceremony: 5, response: [] }, { origin: OTHER }),
      400,
      "validation_failed",
    );
    expect(bad.fields).toEqual({ ceremony: "invalid", response: "invalid" });
    expect(await snapshot()).toBe(before);
  });
});

describe("ceremony state", () => {
  it("is rate-limited per network: 30 starts a minute, then 429 with nothing stored", async () => {
    const from = (ip: string) =>
      api("/api/v1/auth/passkey/login/options", {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: BLOG, "CF-Connecting-IP": ip },
        body: JSON.stringify({ site: "blog" }),
      });
    for (let i = 0; i < 30; i++) expect((await from("192.0.2.10")).status).toBe(200);
    const before = await snapshot({ except: ["rate_slots"] });
    const refused = await from("192.0.2.11"); // the same /24: the same network
    await expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await snapshot({ except: ["rate_slots"] })).toBe(before);
    expect((await from("198.51.100.7")).status).toBe(200);
  });

  it("is removed by the daily cleanup a day after it expired, and kept until then", async () => {
    const old = await loginCeremony();
    const recent = await loginCeremony();
    const dayAndMinute = new Date(Date.now() - 86_460_000).toISOString();
    await env.DB.prepare("UPDATE auth_challenges SET expires_at = ?1 WHERE data LIKE ?2")
      .bind(dayAndMinute, `%${old.options.challenge}%`)
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const left = await env.DB.prepare("SELECT data FROM auth_challenges").all<{ data: string }>();
    expect(left.results.map((r) => JSON.parse(r.data).challenge)).toEqual([recent.options.challenge]);
  });
});
