// A reader's passkeys after they were added (docs/api.md, "Passkeys"): the reader lists them and
// removes one; a moderator removes all of an identity's. A removed passkey no longer signs in, and
// the sessions opened with a passkey end with it. Passkeys are made by the software authenticator
// (soft-authenticator.ts) through the real ceremony routes.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  RESET_SQL,
  signedIn,
  snapshot,
  twoModerators,
} from "./helpers.ts";
import { SoftAuthenticator } from "./soft-authenticator.ts";

const OTHER = "https://other.example.net";

const bearer = (token?: string, origin: string | null = BLOG) => ({
  ...(origin === null ? {} : { Origin: origin }),
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
});

function ceremony(path: string, body: unknown, token?: string, origin = BLOG) {
  return api(`/api/v1/auth/passkey${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...bearer(token, origin) },
    body: JSON.stringify(body),
  });
}

async function json(res: Response, status: number): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

const list = (token?: string, origin: string | null = BLOG) =>
  api("/api/v1/auth/passkeys", { headers: bearer(token, origin) });
const remove = (id: string, token?: string, origin: string | null = BLOG) =>
  api(`/api/v1/auth/passkeys/${encodeURIComponent(id)}`, {
    method: "DELETE",
    headers: bearer(token, origin),
  });
const me = (token: string, origin = BLOG) => api("/api/v1/auth/me", { headers: bearer(token, origin) });

/** Adds a passkey on a new device to the identity signed in by `token`. */
async function addPasskey(token: string, site = "blog", origin = BLOG) {
  const device = new SoftAuthenticator();
  const started = await json(await ceremony("/register/options", { site }, token, origin), 200);
  const response = await device.create(started.options, origin);
  const added = await json(
    await ceremony("/register/verify", { site, ceremony: started.ceremony, response }, token, origin),
    201,
  );
  return { device, id: added.passkey.id as string, createdAt: added.passkey.createdAt as string };
}

/** Signs in with the device's passkey; answers the response (200 or the refusal). */
async function passkeySignIn(device: SoftAuthenticator, site = "blog", origin = BLOG) {
  const started = await json(await ceremony("/login/options", { site }, undefined, origin), 200);
  const response = await device.get(started.options, origin);
  return ceremony("/login/verify", { site, ceremony: started.ceremony, response }, undefined, origin);
}

const sessionsOf = async (identityId: string) =>
  (
    await env.DB.prepare("SELECT method FROM reader_sessions WHERE identity_id = ?1 ORDER BY method")
      .bind(identityId)
      .all<{ method: string }>()
  ).results.map((r) => r.method);

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", [OTHER]);
});

describe("GET /api/v1/auth/passkeys", () => {
  it("lists the identity's own passkeys, oldest first, with their last use", async () => {
    const ada = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const bob = await signedIn("blog", { name: "Bob", email: "bob@example.org" });
    expect(await json(await list(ada.token), 200)).toEqual({ passkeys: [] });
    const laptop = await addPasskey(ada.token);
    const phone = await addPasskey(ada.token);
    await addPasskey(bob.token);
    expect((await passkeySignIn(phone.device)).status).toBe(200);

    const res = await list(ada.token);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    const { passkeys } = await json(res, 200);
    const used = await env.DB.prepare("SELECT last_used_at FROM passkeys WHERE id = ?1")
      .bind(phone.id)
      .first<string>("last_used_at");
    expect(used).not.toBeNull();
    expect(passkeys).toEqual([
      { id: laptop.id, createdAt: laptop.createdAt, lastUsedAt: null },
      { id: phone.id, createdAt: phone.createdAt, lastUsedAt: used },
    ]);
  });

  it("needs a live session, sent from one of its site's origins", async () => {
    const ada = await signedIn("blog");
    await addPasskey(ada.token);
    await expectError(await list(), 401, "unauthorized");
    await expectError(await list("not-a-token-aaaaaaaaaaaaaaaaaaa"), 401, "unauthorized");
    await expectError(await list(ada.token, OTHER), 403, "origin_not_allowed");
  });
});

describe("DELETE /api/v1/auth/passkeys/:id", () => {
  it("removes the passkey, which no longer signs in, and ends the identity's other passkey sessions", async () => {
    const ada = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const laptop = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const stolen = await addPasskey(ada.token);
    const kept = await addPasskey(ada.token);
    const viaStolen = await json(await passkeySignIn(stolen.device), 200);
    const viaKept = await json(await passkeySignIn(kept.device), 200);
    const bob = await signedIn("blog", { name: "Bob", email: "bob@example.org" });
    const bobKey = await addPasskey(bob.token);
    const bobViaKey = await json(await passkeySignIn(bobKey.device), 200);
    expect(await sessionsOf(ada.identity.id)).toEqual(["email", "email", "passkey", "passkey"]);

    // Removed from a passkey session: that one stays, it is the reader's own.
    const res = await remove(stolen.id, viaKept.token);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await json(await list(ada.token), 200)).passkeys.map((p: any) => p.id)).toEqual([kept.id]);
    await expectError(await passkeySignIn(stolen.device), 400, "invalid_code");
    await expectError(await me(viaStolen.token), 401, "unauthorized");
    expect((await me(viaKept.token)).status).toBe(200);
    expect((await me(ada.token)).status).toBe(200);
    expect((await me(laptop.token)).status).toBe(200);
    // Another identity's passkeys and sessions are untouched.
    expect((await me(bobViaKey.token)).status).toBe(200);
    expect((await passkeySignIn(bobKey.device)).status).toBe(200);
    // The kept passkey still signs in.
    expect((await passkeySignIn(kept.device)).status).toBe(200);

    // Removed from an email session: every passkey session of the identity ends.
    expect((await remove(kept.id, ada.token)).status).toBe(204);
    expect(await sessionsOf(ada.identity.id)).toEqual(["email", "email"]);
    expect(await json(await list(ada.token), 200)).toEqual({ passkeys: [] });
    await expectError(await remove(kept.id, ada.token), 404, "not_found");
  });

  it("answers 404 for another identity's passkey or an unknown one, and writes nothing", async () => {
    const ada = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const bob = await signedIn("blog", { name: "Bob", email: "bob@example.org" });
    const cy = await signedIn("other", { name: "Cy", email: "cy@example.org" });
    const adas = await addPasskey(ada.token);
    const cys = await addPasskey(cy.token, "other", OTHER);
    await json(await passkeySignIn(adas.device), 200);
    // Each session's first use of the hour is recorded: done here, so the refusals write nothing.
    for (const [token, origin] of [
      [bob.token, BLOG],
      [ada.token, BLOG],
      [cy.token, OTHER],
    ] as const)
      expect((await me(token, origin)).status).toBe(200);
    const before = await snapshot();
    await expectError(await remove(adas.id, bob.token), 404, "not_found");
    await expectError(await remove(cys.id, ada.token), 404, "not_found");
    await expectError(await remove("no-such-credential", ada.token), 404, "not_found");
    await expectError(await remove(adas.id), 401, "unauthorized");
    await expectError(await remove(adas.id, cy.token, BLOG), 403, "origin_not_allowed");
    await expectError(await remove(adas.id, ada.token, OTHER), 403, "origin_not_allowed");
    expect(await snapshot()).toBe(before);
  });
});

describe("DELETE /api/v1/admin/identities/:id/passkeys", () => {
  it("removes every passkey of the identity and its passkey sessions, audit-logged, answering the identity; a moderator only on their sites", async () => {
    const { blogMod, otherMod } = await twoModerators();
    await adminJson("/sites", { token: blogMod });
    await adminJson("/sites", { token: otherMod });
    const ada = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    const bob = await signedIn("blog", { name: "Bob", email: "bob@example.org" });
    const one = await addPasskey(ada.token);
    const two = await addPasskey(ada.token);
    const viaOne = await json(await passkeySignIn(one.device), 200);
    const bobKey = await addPasskey(bob.token);
    for (const token of [ada.token, viaOne.token, bob.token]) expect((await me(token)).status).toBe(200);
    const path = `/identities/${ada.identity.id}/passkeys`;

    const before = await snapshot();
    await expectError(await admin(path, { method: "DELETE", token: otherMod }), 404, "not_found");
    await expectError(
      await admin("/identities/nosuchidentity/passkeys", { method: "DELETE" }),
      404,
      "not_found",
    );
    await expectError(await admin(path, { method: "DELETE", token: null }), 401, "unauthorized");
    expect(await snapshot()).toBe(before);

    const answer = await json(await admin(path, { method: "DELETE", token: blogMod }), 200);
    expect(answer.identity).toMatchObject({ id: ada.identity.id, site: "blog", passkeys: 0, sessions: 1 });
    expect(await env.DB.prepare("SELECT id FROM passkeys").all()).toMatchObject({
      results: [{ id: bobKey.id }],
    });
    await expectError(await passkeySignIn(two.device), 400, "invalid_code");
    await expectError(await me(viaOne.token), 401, "unauthorized");
    expect((await me(ada.token)).status).toBe(200);
    expect((await me(bob.token)).status).toBe(200);
    const { identities } = await adminJson("/identities?site=blog");
    expect(identities.find((i: any) => i.id === ada.identity.id)).toMatchObject({ passkeys: 0, sessions: 1 });
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({
      actor: "Blog mod",
      action: "identity.remove-passkeys",
      target: ada.identity.id,
      detail: { passkeys: 2 },
    });
  });
});
