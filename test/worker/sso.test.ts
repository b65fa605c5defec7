// Site SSO (docs/identity.md, "Site SSO"): a site's secret, made, rotated and cleared through the
// admin API, and POST /api/v1/auth/sso, which signs in the user a payload signed with it vouches for.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  postJson,
  RESET_SQL,
  signedIn,
  snapshot,
  twoModerators,
} from "./helpers.ts";
import { b64url, inSeconds, signedByDocExample, signSso, ssoSignature } from "./sso-sign.ts";

const OTHER = "https://other.example.net";
const USER = { id: "u-42", name: "Grace Hopper", email: "Grace@Example.org" };

const ssoSignIn = (sso: string, site = "blog", origin = BLOG) =>
  postJson("/api/v1/auth/sso", { site, sso }, { Origin: origin });

async function makeSecret(site = "blog", token?: string): Promise<string> {
  const res = await admin(`/sites/${site}/sso-secret`, { method: "POST", token });
  expect(res.status).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  return secret;
}

let blogMod = "";
let otherMod = "";

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", [OTHER]);
  ({ blogMod, otherMod } = await twoModerators());
});

describe("POST /api/v1/admin/sites/:id/sso-secret", () => {
  it("makes a random secret shown once: stored for the site, never answered again, audited without it", async () => {
    const secret = await makeSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await env.DB.prepare("SELECT sso_secret FROM sites WHERE id = 'blog'").first("sso_secret");
    expect(stored).toBe(secret);
    const { sites } = await adminJson("/sites");
    expect(sites.find((s: any) => s.id === "blog").ssoEnabled).toBe(true);
    expect(sites.find((s: any) => s.id === "other").ssoEnabled).toBe(false);
    expect(JSON.stringify(sites)).not.toContain(secret);
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({ action: "site.sso.create", target: "blog", actor: "operator" });
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect(await makeSecret()).not.toBe(secret);
  });

  it("lets the site's moderator make one; another site's moderator and unknown sites get 404, nothing written", async () => {
    await makeSecret("blog", blogMod);
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({ action: "site.sso.create", actor: "Blog mod" });
    // (A token's first use of the hour is recorded; that write is not the refusal's.)
    await adminJson("/sites", { token: otherMod });
    const before = await snapshot();
    await expectError(
      await admin("/sites/blog/sso-secret", { method: "POST", token: otherMod }),
      404,
      "not_found",
    );
    await expectError(
      await admin("/sites/blog/sso-secret", { method: "DELETE", token: otherMod }),
      404,
      "not_found",
    );
    await expectError(await admin("/sites/nope/sso-secret", { method: "POST" }), 404, "not_found");
    await expectError(
      await admin("/sites/blog/sso-secret", { method: "POST", token: null }),
      401,
      "unauthorized",
    );
    expect(await snapshot()).toBe(before);
  });

  it("rotating invalidates the old secret at once; turning SSO off refuses every payload", async () => {
    const old = await makeSecret();
    const oldPayload = await signSso(old, { ...USER, exp: inSeconds(600) });
    expect((await ssoSignIn(oldPayload)).status).toBe(200);
    const fresh = await makeSecret();
    const before = await snapshot();
    await expectError(await ssoSignIn(oldPayload), 401, "unauthorized");
    expect(await snapshot()).toBe(before);
    const freshPayload = await signSso(fresh, { ...USER, exp: inSeconds(600) });
    expect((await ssoSignIn(freshPayload)).status).toBe(200);
    expect((await adminJson("/audit?site=blog")).entries[0].action).toBe("site.sso.rotate");

    expect((await admin("/sites/blog/sso-secret", { method: "DELETE", token: blogMod })).status).toBe(204);
    expect((await adminJson("/sites")).sites.find((s: any) => s.id === "blog").ssoEnabled).toBe(false);
    expect((await adminJson("/audit?site=blog")).entries[0].action).toBe("site.sso.delete");
    const off = await snapshot();
    await expectError(await ssoSignIn(freshPayload), 401, "unauthorized");
    // Turning off what is already off changes nothing, and is not audited again.
    expect((await admin("/sites/blog/sso-secret", { method: "DELETE" })).status).toBe(204);
    expect(await snapshot()).toBe(off);
  });
});

describe("the sessions SSO opened", () => {
  it("end when the secret is rotated or cleared; other sign-ins and other sites' SSO stay", async () => {
    const me = (token: string) =>
      api("/api/v1/auth/me?site=blog", { headers: { Origin: BLOG, Authorization: `Bearer ${token}` } });
    const otherMe = (token: string) =>
      api("/api/v1/auth/me?site=other", { headers: { Origin: OTHER, Authorization: `Bearer ${token}` } });
    const sso = async (site = "blog", origin = BLOG) => {
      const res = await ssoSignIn(
        await signSso(await makeSecret(site), { ...USER, exp: inSeconds(600) }),
        site,
        origin,
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { token: string }).token;
    };
    const first = await sso();
    const elsewhere = await sso("other", OTHER);
    const byEmail = (await signedIn("blog", { email: "ada@example.org", name: "Ada" })).token;
    expect((await me(first)).status).toBe(200);

    const second = await sso(); // makes a new secret: a rotation
    await expectError(await me(first), 401, "unauthorized");
    expect((await me(second)).status).toBe(200);
    expect((await me(byEmail)).status).toBe(200);
    expect((await otherMe(elsewhere)).status).toBe(200);

    expect((await admin("/sites/blog/sso-secret", { method: "DELETE", token: blogMod })).status).toBe(204);
    await expectError(await me(second), 401, "unauthorized");
    expect((await me(byEmail)).status).toBe(200);
    expect((await otherMe(elsewhere)).status).toBe(200);
  });
});

describe("POST /api/v1/auth/sso", () => {
  it("signs in the user of a payload made by the docs' Node example, verified by the site", async () => {
    const secret = await makeSecret();
    const sso = await signedByDocExample(secret, { ...USER, avatar: "https://tracker.example/a.png" });
    const res = await ssoSignIn(sso);
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    const body = (await res.json()) as any;
    expect(body.identity).toMatchObject({
      name: "Grace Hopper",
      verified: "sso",
      email: "grace@example.org",
      isStaff: false,
    });
    // A generated avatar, never the site's picture.
    expect(body.identity.avatar).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(await snapshot())).not.toContain("tracker.example");
    const row = await env.DB.prepare("SELECT * FROM identities").first<any>();
    expect(row).toMatchObject({ site_id: "blog", kind: "sso", subject: "u-42", email: "grace@example.org" });
    const session = await env.DB.prepare("SELECT method, site_id FROM reader_sessions").first<any>();
    expect(session).toEqual({ method: "sso", site_id: "blog" });
    const me = await api("/api/v1/auth/me", {
      headers: { Authorization: `Bearer ${body.token}`, Origin: BLOG },
    });
    expect(((await me.json()) as any).identity).toEqual(body.identity);
  });

  it("keeps one identity per site user id (a number is its decimal text), refreshing the name", async () => {
    const secret = await makeSecret();
    const a = (await (
      await ssoSignIn(await signSso(secret, { id: 7, name: "Ada", exp: inSeconds(60) }))
    ).json()) as any;
    const b = (await (
      await ssoSignIn(await signSso(secret, { id: "7", name: "Ada L.", exp: inSeconds(60) }))
    ).json()) as any;
    expect(b.identity.id).toBe(a.identity.id);
    expect(b.identity.name).toBe("Ada L.");
    expect(a.identity.email).toBeUndefined();
    expect(await env.DB.prepare("SELECT subject FROM identities").first("subject")).toBe("7");
  });

  it("refuses, with 401 and nothing written, every payload that is not current and signed by this site", async () => {
    const secret = await makeSecret();
    const otherSecret = await makeSecret("other");
    const good = { ...USER, exp: inSeconds(600) };
    const p = b64url(JSON.stringify(good));
    const tamperedP = b64url(JSON.stringify({ ...good, id: "admin" }));
    const sig = await ssoSignature(secret, p);
    const cases: Record<string, string> = {
      expired: await signSso(secret, { ...USER, exp: inSeconds(-1) }),
      "expiring now": await signSso(secret, { ...USER, exp: inSeconds(0) }),
      "exp too far ahead": await signSso(secret, { ...USER, exp: inSeconds(24 * 3600 + 120) }),
      "missing exp": await signSso(secret, USER),
      "exp not an integer": await signSso(secret, { ...USER, exp: inSeconds(600) + 0.5 }),
      "exp as text": await signSso(secret, { ...USER, exp: String(inSeconds(600)) }),
      "tampered payload": `${tamperedP}.${sig}`,
      "tampered signature": `${p}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "AB" : "AA"}`,
      "re-signed with another secret": await signSso(otherSecret, good),
      "signed with a prefix of the secret": await signSso(secret.slice(0, -1), good),
      "padded signature": `${p}.${sig}=`,
      "no signature": p,
      "empty payload": `.${sig}`,
      "three parts": `${p}.${sig}.${sig}`,
      "not base64url": `${p}!.${sig}`,
      "not JSON": await signSso(secret, "{not json"),
      "a JSON array": await signSso(secret, "[1,2]"),
      "missing id": await signSso(secret, { name: "x", exp: inSeconds(60) }),
      "empty id": await signSso(secret, { id: "", name: "x", exp: inSeconds(60) }),
      "missing name": await signSso(secret, { id: "1", exp: inSeconds(60) }),
      "blank name": await signSso(secret, { id: "1", name: "  ", exp: inSeconds(60) }),
      "name too long": await signSso(secret, { id: "1", name: "n".repeat(81), exp: inSeconds(60) }),
      "bad email": await signSso(secret, { id: "1", name: "x", email: "not-an-address", exp: inSeconds(60) }),
    };
    const before = await snapshot();
    for (const [label, sso] of Object.entries(cases)) {
      const res = await ssoSignIn(sso);
      expect(res.status, label).toBe(401);
      await expectError(res, 401, "unauthorized");
    }
    // Signed for blog, sent for another site (whose secret differs).
    await expectError(await ssoSignIn(await signSso(secret, good), "other", OTHER), 401, "unauthorized");
    expect(await snapshot()).toBe(before);
  });

  it("refuses a site without SSO, an unknown site, a foreign origin and a malformed body, writing nothing", async () => {
    const secret = await makeSecret();
    const sso = await signSso(secret, { ...USER, exp: inSeconds(600) });
    const before = await snapshot();
    await expectError(await ssoSignIn(await signSso("anything", USER), "other", OTHER), 401, "unauthorized");
    await expectError(await ssoSignIn(sso, "nope"), 404, "unknown_site");
    await expectError(await ssoSignIn(sso, "blog", OTHER), 403, "origin_not_allowed");
    const missing = await expectError(
      await postJson("/api/v1/auth/sso", { site: "blog" }, { Origin: BLOG }),
      400,
      "validation_failed",
    );
    expect(missing.fields).toEqual({ sso: "required" });
    const long = await expectError(await ssoSignIn("a".repeat(4097)), 400, "validation_failed");
    expect(long.fields).toEqual({ sso: "too_long" });
    expect(await snapshot()).toBe(before);
  });
});
