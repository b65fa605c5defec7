// Reader sessions (docs/identity.md): a token signs in to one site, for 30 days, until revoked.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addSite, api, BLOG, expectError, RESET_SQL, signedIn, snapshot } from "./helpers.ts";

const OTHER = "https://other.example.net";
const asReader = (token: string, method = "GET", origin = BLOG): RequestInit => ({
  method,
  headers: { Authorization: `Bearer ${token}`, Origin: origin },
});

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", [OTHER]);
});

describe("GET /api/v1/auth/me", () => {
  it("answers the reader's own identity, with the address, never cached", async () => {
    const { token, identity } = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const res = await api("/api/v1/auth/me", asReader(token));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    const body = (await res.json()) as any;
    expect(body.identity).toEqual(identity);
    expect(body.identity).toMatchObject({
      name: "Ada",
      verified: "email",
      email: "ada@example.org",
      isStaff: false,
    });
    expect(body.identity.avatar).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives the same identity, and the same avatar, to a second sign-in with the same proof", async () => {
    const a = await signedIn("blog", { email: "ada@example.org" });
    const b = await signedIn("blog", { email: "ada@example.org" });
    expect(b.token).not.toBe(a.token);
    expect(b.identity).toEqual(a.identity);
    const other = await signedIn("other", { email: "ada@example.org" });
    expect(other.identity.id).not.toBe(a.identity.id);
    expect(other.identity.avatar).not.toBe(a.identity.avatar);
  });

  it("refuses a missing, unknown, malformed, expired or other site's token with 401", async () => {
    const { token } = await signedIn("blog");
    await expectError(await api("/api/v1/auth/me", { headers: { Origin: BLOG } }), 401, "unauthorized");
    await expectError(await api("/api/v1/auth/me", asReader("x".repeat(43))), 401, "unauthorized");
    await expectError(
      await api("/api/v1/auth/me", { headers: { Authorization: `Token ${token}`, Origin: BLOG } }),
      401,
      "unauthorized",
    );
    // A token is admitted only from its own site's origins.
    await expectError(await api("/api/v1/auth/me", asReader(token, "GET", OTHER)), 403, "origin_not_allowed");
    await env.DB.prepare("UPDATE reader_sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    await expectError(await api("/api/v1/auth/me", asReader(token)), 401, "unauthorized");
  });

  it("stores only the token's hash, and expires sessions after 30 days", async () => {
    const { token, expiresAt } = await signedIn("blog");
    const row = await env.DB.prepare("SELECT * FROM reader_sessions").first<any>();
    expect(JSON.stringify(row)).not.toContain(token);
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(row.expires_at).toBe(expiresAt);
  });
});

describe("DELETE /api/v1/auth/session", () => {
  it("ends only this session: the token stops working, another device's stays", async () => {
    const one = await signedIn("blog");
    const two = await signedIn("blog");
    const res = await api("/api/v1/auth/session", asReader(one.token, "DELETE"));
    expect(res.status).toBe(204);
    await expectError(await api("/api/v1/auth/me", asReader(one.token)), 401, "unauthorized");
    expect((await api("/api/v1/auth/me", asReader(two.token))).status).toBe(200);
  });

  it("writes nothing for a token that does not sign in", async () => {
    await signedIn("blog");
    const before = await snapshot();
    await expectError(
      await api("/api/v1/auth/session", asReader("y".repeat(43), "DELETE")),
      401,
      "unauthorized",
    );
    expect(await snapshot()).toBe(before);
  });
});
