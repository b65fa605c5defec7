// Sign-in with GitHub, Google and an OIDC issuer (docs/identity.md), against the local fake
// provider speaking the real protocols (test/fakes/oauth-provider.ts): the start redirect, the
// state kept server-side, the code exchange with PKCE, the ID token's checks, and the popup page
// that posts the session to exactly the origin the sign-in started from.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { OAUTH_CLIENTS } from "../fakes/fixtures.ts";
import { addSite, api, BLOG, expectError, RESET_SQL, snapshot } from "./helpers.ts";
import { authorize, callback, OAUTH, posted, signInWith, start } from "./oauth-flow.ts";

const OTHER = "https://other.example.net";
const SECOND = "https://www.blog.example.com";
const ALL = JSON.stringify(["email", "passkey", "github", "google", "oidc:acme"]);

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG, SECOND]);
  await addSite("other", [OTHER]);
  await env.DB.prepare("UPDATE sites SET sign_in = ?1").bind(ALL).run();
});

const count = async (table: string) =>
  env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<number>("n");

describe("starting a sign-in", () => {
  it("redirects to the provider with code, PKCE S256, state and (OIDC) nonce, keeping them server-side", async () => {
    for (const [provider, path, oidc] of [
      ["github", "/github/login/oauth/authorize", false],
      ["google", "/google/authorize", true],
      ["acme", "/oidc/acme/authorize", true],
    ] as const) {
      await env.DB.exec("DELETE FROM auth_challenges");
      const res = await start(provider);
      expect(res.status, provider).toBe(302);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const to = new URL(res.headers.get("Location") ?? "");
      expect(`${to.origin}${to.pathname}`).toBe(`${OAUTH}${path}`);
      const q = Object.fromEntries(to.searchParams);
      expect(q).toMatchObject({
        response_type: "code",
        redirect_uri: "https://confab.test/api/v1/auth/oauth/callback",
        code_challenge_method: "S256",
      });
      expect(q.client_id).toBe(
        provider === "github"
          ? OAUTH_CLIENTS.github.id
          : provider === "google"
            ? OAUTH_CLIENTS.google.id
            : OAUTH_CLIENTS.oidc.acme.id,
      );
      expect(q.scope).toBe(oidc ? "openid email profile" : "read:user user:email");
      expect(q.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect("nonce" in q).toBe(oidc);
      const row = await env.DB.prepare("SELECT * FROM auth_challenges").first<any>();
      expect(row).toMatchObject({ kind: "oauth", site_id: "blog", identity_id: null });
      const data = JSON.parse(row.data);
      expect(data).toMatchObject({ provider, origin: BLOG, nonce: oidc ? q.nonce : null });
      expect(data.verifier).not.toBe(q.code_challenge);
      // Only the state's hash is stored: a copy of the table cannot finish anyone's sign-in.
      expect(JSON.stringify(row)).not.toContain(q.state);
      expect(JSON.stringify(row)).not.toContain(OAUTH_CLIENTS.github.secret);
    }
  });

  it("refuses an unknown provider, one the site does not offer, an unknown site and a foreign origin, writing nothing", async () => {
    await env.DB.prepare(`UPDATE sites SET sign_in = '["email","github"]' WHERE id = 'other'`).run();
    const before = await snapshot();
    const cases: [string, Record<string, string>, number, string][] = [
      ["facebook", { site: "blog", origin: BLOG }, 404, "not_found"],
      ["google", { site: "other", origin: OTHER }, 404, "not_found"],
      ["github", { site: "nope", origin: BLOG }, 404, "unknown_site"],
      ["github", { site: "blog", origin: OTHER }, 400, "validation_failed"],
      ["github", { site: "blog", origin: "https://blog.example.com.evil.net" }, 400, "validation_failed"],
      ["github", { site: "blog", origin: "null" }, 400, "validation_failed"],
      ["github", { site: "blog" }, 400, "validation_failed"],
    ];
    for (const [provider, query, status, code] of cases) {
      const res = await start(provider, query);
      const html = await res.text();
      expect(res.status, `${provider} ${JSON.stringify(query)}`).toBe(status);
      expect(res.headers.get("Content-Type")).toContain("text/html");
      expect(res.headers.get("Location")).toBeNull();
      // No sign-in started, so there is no origin to tell: the page only shows the reason.
      expect(posted(html), code).toBeNull();
      expect(html).not.toContain("<script");
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("the callback", () => {
  it("signs in with GitHub: user id, name, primary verified address; a second sign-in is the same identity", async () => {
    const { res, html, post } = await signInWith("github");
    expect(res.status, html).toBe(200);
    expect(post?.target).toBe(BLOG);
    expect(post?.message).toMatchObject({
      type: "confab:signin",
      identity: { name: "Ada Lovelace", verified: "github", email: "ada@example.org", isStaff: false },
    });
    const identity = await env.DB.prepare("SELECT * FROM identities").first<any>();
    expect(identity).toMatchObject({ kind: "github", subject: "4242", site_id: "blog" });
    const session = await env.DB.prepare("SELECT method FROM reader_sessions").first("method");
    expect(session).toBe("github");
    const me = await api("/api/v1/auth/me", {
      headers: { Authorization: `Bearer ${post?.message.token}`, Origin: BLOG },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).identity).toEqual(post?.message.identity);
    const again = await signInWith("github", { user: { name: "Ada L." } });
    expect(again.post?.message.identity.id).toBe(post?.message.identity.id);
    expect(again.post?.message.identity.name).toBe("Ada L.");
    expect(await count("identities")).toBe(1);
    expect(await count("auth_challenges")).toBe(0);
  });

  it("takes the name from the login when GitHub has none, and no address when none is verified", async () => {
    const { post } = await signInWith("github", {
      user: { sub: "77", name: "" },
      misbehave: "unverified-email",
    });
    expect(post?.message.identity).toMatchObject({ name: "ada", verified: "github" });
    expect(post?.message.identity.email).toBeUndefined();
    expect(await env.DB.prepare("SELECT subject, email FROM identities").first()).toEqual({
      subject: "77",
      email: null,
    });
  });

  it("signs in with Google (subject = sub) and with an OIDC issuer (subject = issuer and sub)", async () => {
    const google = await signInWith("google", { user: { sub: "g-123", email: "Ada@Example.org" } });
    expect(google.post?.message.identity).toMatchObject({ verified: "google", email: "ada@example.org" });
    const acme = await signInWith("acme", { user: { sub: "a-9" } });
    expect(acme.post?.message.identity).toMatchObject({ verified: "oidc", name: "Ada Lovelace" });
    const rows = await env.DB.prepare("SELECT kind, subject FROM identities ORDER BY kind").all();
    expect(rows.results).toEqual([
      { kind: "google", subject: "g-123" },
      { kind: "oidc", subject: `${OAUTH}/oidc/acme a-9` },
    ]);
  });

  it("keeps no address the issuer has not verified", async () => {
    const { post } = await signInWith("google", { misbehave: "unverified-email" });
    expect(post?.message.type).toBe("confab:signin");
    expect(post?.message.identity.email).toBeUndefined();
    expect(await env.DB.prepare("SELECT email FROM identities").first("email")).toBeNull();
  });

  it("posts only to the origin the sign-in started from, in a page with a strict CSP and a script nonce", async () => {
    const { res, html, post } = await signInWith("acme", {}, { site: "blog", origin: SECOND });
    expect(post?.target).toBe(SECOND);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    const nonce = csp.match(/script-src 'nonce-([A-Za-z0-9_-]+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([`<script nonce="${nonce}">`]);
    expect(html).toContain(`window.opener.postMessage(message, target)`);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    // The only origin in the page is the one it posts to: not the site's other origin, not "*".
    const origins = new Set([...html.matchAll(/https?:\/\/[^"'\s<>\\]+/g)].map((m) => new URL(m[0]).origin));
    expect([...origins]).toEqual([SECOND]);
    expect(html).not.toMatch(/postMessage\([^)]*"\*"/);
    // Nothing of the provider's client, nor its tokens, reaches the page.
    expect(html).not.toContain(OAUTH_CLIENTS.oidc.acme.secret);
    expect(html).not.toContain(OAUTH_CLIENTS.oidc.acme.id);
  });

  it("refuses an unknown, mismatched or reused state with invalid_code, posting nothing and writing nothing", async () => {
    const started = await start("github");
    const back = await authorize(started.headers.get("Location") ?? "");
    const before = await snapshot();
    const forged = new URL(back);
    forged.searchParams.set("state", "A".repeat(43));
    const noState = new URL(back);
    noState.searchParams.delete("state");
    const hostile = new URL(back);
    hostile.searchParams.set("state", `"><script>alert(1)</script>`);
    hostile.searchParams.set("error_description", "<img src=x onerror=alert(1)>");
    for (const url of [forged, noState, hostile]) {
      const res = await callback(url);
      const html = await res.text();
      expect(res.status).toBe(400);
      expect(posted(html)).toBeNull();
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<img");
      expect(html).toContain("expired or was already used");
    }
    expect(await snapshot()).toBe(before);
    // The real state works once; the same callback again is refused.
    expect((await callback(back)).status).toBe(200);
    const signedIn = await snapshot();
    const replay = await callback(back);
    expect(replay.status).toBe(400);
    expect(posted(await replay.text())).toBeNull();
    expect(await snapshot()).toBe(signedIn);
  });

  it("refuses an expired sign-in", async () => {
    const started = await start("google");
    const back = await authorize(started.headers.get("Location") ?? "");
    await env.DB.prepare("UPDATE auth_challenges SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const before = await snapshot();
    const res = await callback(back);
    expect(res.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  for (const [provider, misbehave] of [
    ["github", "error"],
    ["github", "bad-code"],
    ["google", "error"],
    ["google", "bad-code"],
    ["google", "wrong-audience"],
    ["google", "wrong-issuer"],
    ["google", "wrong-nonce"],
    ["google", "bad-signature"],
    ["google", "expired"],
    ["acme", "wrong-audience"],
    ["acme", "bad-signature"],
  ] as const) {
    it(`refuses ${provider} answering ${misbehave}: an error posted to the origin, nobody signed in`, async () => {
      // The start takes a rate-limit slot and a ceremony (which the callback ends): the rest stays.
      const before = await snapshot({ except: ["auth_challenges", "rate_slots"] });
      const { res, html, post } = await signInWith(provider, { misbehave });
      expect(res.status, html).toBe(400);
      expect(post).toEqual({ target: BLOG, message: { type: "confab:signin-error", code: "invalid_code" } });
      expect(html).toMatch(/<h1>Sign-in failed<\/h1><p>[^<]+<\/p>/);
      expect(await snapshot({ except: ["auth_challenges", "rate_slots"] })).toBe(before);
      expect(await count("auth_challenges")).toBe(0);
    });
  }

  it("refuses a sign-in whose origin the site dropped meanwhile", async () => {
    const started = await start("github", { site: "blog", origin: SECOND });
    const back = await authorize(started.headers.get("Location") ?? "");
    await env.DB.prepare("DELETE FROM site_origins WHERE origin = ?1").bind(SECOND).run();
    const before = await snapshot({ except: ["auth_challenges", "rate_slots"] });
    const res = await callback(back);
    expect(res.status).toBe(403);
    expect(posted(await res.text())).toBeNull();
    expect(await snapshot({ except: ["auth_challenges", "rate_slots"] })).toBe(before);
  });

  it("limits starts per network like the passkey ceremonies: 429 page with Retry-After", async () => {
    const from = (ip: string) =>
      api(`/api/v1/auth/oauth/github/start?site=blog&origin=${encodeURIComponent(BLOG)}`, {
        redirect: "manual",
        headers: { "CF-Connecting-IP": ip },
      });
    for (let i = 0; i < 30; i++) expect((await from("203.0.113.5")).status).toBe(302);
    const before = await snapshot({ except: ["rate_slots"] });
    const refused = await from("203.0.113.5");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.headers.get("Location")).toBeNull();
    expect(await snapshot({ except: ["rate_slots"] })).toBe(before);
  });

  it("gives a token of one site that no other site accepts", async () => {
    const { post } = await signInWith("github");
    const token = post?.message.token as string;
    const asReader = (origin: string) => ({ headers: { Authorization: `Bearer ${token}`, Origin: origin } });
    await expectError(await api("/api/v1/auth/me", asReader(OTHER)), 403, "origin_not_allowed");
    const before = await snapshot();
    const res = await api("/api/v1/auth/passkey/register/options", {
      method: "POST",
      headers: { ...asReader(OTHER).headers, "Content-Type": "application/json" },
      body: JSON.stringify({ site: "other" }),
    });
    await expectError(res, 401, "unauthorized");
    expect(await snapshot()).toBe(before);
  });
});
