// The admin API for verified readers: a site's identities (listed, searched, marked as staff) and
// their sessions (listed, revoked one by one or all at once). Moderators see only their own sites.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  addSite,
  admin,
  adminJson,
  api,
  BLOG,
  expectError,
  post,
  RESET_SQL,
  signedIn,
  snapshot,
  twoModerators,
} from "./helpers.ts";
import { nextMillisecond } from "./runtime.ts";

const OTHER = "https://other.example.net";
let blogMod = "";
let otherMod = "";

const me = (token: string, origin = BLOG) =>
  api("/api/v1/auth/me", { headers: { Authorization: `Bearer ${token}`, Origin: origin } });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", [OTHER]);
  ({ blogMod, otherMod } = await twoModerators());
  // Each token's first use of the hour is recorded: done here, so refusals below write nothing.
  await adminJson("/sites", { token: blogMod });
  await adminJson("/sites", { token: otherMod });
});

/** Three readers: two on blog (one signed in twice), one on other. */
async function readers() {
  const ada = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
  // "Newest first" (identities, sessions) needs each made in a millisecond of its own.
  await nextMillisecond();
  const adaPhone = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
  await nextMillisecond();
  const bob = await signedIn("blog", { kind: "github", subject: "1001", name: "Bob 100%", email: null });
  await nextMillisecond();
  const cy = await signedIn("other", { name: "Cy", email: "cy@example.org" });
  return { ada, adaPhone, bob, cy };
}

describe("GET /api/v1/admin/identities", () => {
  it("lists identities newest first with their counts; a moderator sees only their own sites", async () => {
    const { ada, bob, cy } = await readers();
    const comment = (await post({ name: "Ada", text: "signed" })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET identity_id = ?1, author_verified = 'email' WHERE id = ?2")
      .bind(ada.identity.id, comment)
      .run();
    await env.DB.prepare(
      "INSERT INTO passkeys (id, identity_id, site_id, public_key, created_at) VALUES ('cred', ?1, 'blog', 'k', ?2)",
    )
      .bind(ada.identity.id, new Date().toISOString())
      .run();

    const all = await adminJson("/identities");
    expect(all.identities.map((i: any) => i.name)).toEqual(["Cy", "Bob 100%", "Ada"]);
    expect(all.nextCursor).toBeNull();
    const adaRow = all.identities.find((i: any) => i.id === ada.identity.id);
    expect(adaRow).toEqual({
      ...ada.identity,
      site: "blog",
      subject: "ada@example.org",
      createdAt: expect.any(String),
      sessions: 2,
      passkeys: 1,
      comments: 1,
    });
    expect(all.identities.find((i: any) => i.id === bob.identity.id)).toMatchObject({
      verified: "github",
      subject: "1001",
      sessions: 1,
      comments: 0,
    });
    expect(JSON.stringify(all)).not.toContain(ada.token);

    const mine = await adminJson("/identities", { token: blogMod });
    expect(mine.identities.map((i: any) => i.id).sort()).toEqual([ada.identity.id, bob.identity.id].sort());
    await expectError(await admin("/identities?site=other", { token: blogMod }), 404, "not_found");
    expect((await adminJson("/identities?site=other")).identities.map((i: any) => i.id)).toEqual([
      cy.identity.id,
    ]);
  });

  it("searches name, address and subject, with % and _ taken literally; pages by cursor", async () => {
    await readers();
    const names = async (q: string) =>
      (await adminJson(`/identities?site=blog&q=${encodeURIComponent(q)}`)).identities.map(
        (i: any) => i.name,
      );
    expect(await names("ADA@")).toEqual(["Ada"]);
    expect(await names("100%")).toEqual(["Bob 100%"]);
    expect(await names("1001")).toEqual(["Bob 100%"]);
    expect(await names("%")).toEqual(["Bob 100%"]);
    expect(await names("_")).toEqual([]);
    expect(await names("cy")).toEqual([]);

    for (let i = 0; i < 50; i++) await signedIn("other", { email: `r${i}@example.org`, name: `R${i}` });
    const first = await adminJson("/identities?site=other");
    expect(first.identities).toHaveLength(50);
    expect(first.nextCursor).toBe(first.identities[49].id);
    const second = await adminJson(`/identities?site=other&cursor=${first.nextCursor}`);
    expect(second.identities.map((i: any) => i.name)).toEqual(["Cy"]);
    expect(second.nextCursor).toBeNull();
    const bad = await expectError(await admin("/identities?cursor=NOT-OK"), 400, "validation_failed");
    expect(bad.fields).toEqual({ cursor: "invalid" });
  });
});

describe("PATCH /api/v1/admin/identities/:id", () => {
  it("marks an identity as staff and back, audit-logged; the reader's own answer shows it", async () => {
    const { ada } = await readers();
    const res = await admin(`/identities/${ada.identity.id}`, {
      method: "PATCH",
      token: blogMod,
      body: { isStaff: true },
    });
    expect(res.status).toBe(200);
    const { identity } = (await res.json()) as any;
    expect(identity).toMatchObject({ id: ada.identity.id, isStaff: true, sessions: 2, site: "blog" });
    expect(((await (await me(ada.token)).json()) as any).identity.isStaff).toBe(true);
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({
      actor: "Blog mod",
      action: "identity.update",
      target: ada.identity.id,
      detail: { isStaff: true },
    });
    await adminJson(`/identities/${ada.identity.id}`, { method: "PATCH", body: { isStaff: false } });
    expect(((await (await me(ada.token)).json()) as any).identity.isStaff).toBe(false);
  });

  it("answers 404 for another site's identity or an unknown one and 400 for a bad body, writing nothing", async () => {
    const { ada, cy } = await readers();
    const before = await snapshot();
    const patch = (id: string, body: unknown, token?: string) =>
      admin(`/identities/${id}`, { method: "PATCH", body, token });
    await expectError(await patch(cy.identity.id, { isStaff: true }, blogMod), 404, "not_found");
    await expectError(await patch("nosuchidentity", { isStaff: true }), 404, "not_found");
    await expectError(await patch("../x", { isStaff: true }), 404, "not_found");
    const bad = await expectError(await patch(ada.identity.id, { isStaff: "yes" }), 400, "validation_failed");
    expect(bad.fields).toEqual({ isStaff: "invalid" });
    await expectError(await patch(ada.identity.id, {}), 400, "validation_failed");
    await expectError(
      await patch(ada.identity.id, { isStaff: true }, null as unknown as string),
      401,
      "unauthorized",
    );
    expect(await snapshot()).toBe(before);
  });
});

describe("reader sessions in the admin API", () => {
  it("lists live sessions without their tokens; expired ones are left out", async () => {
    const { ada, adaPhone, bob, cy } = await readers();
    await env.DB.prepare(
      "UPDATE reader_sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE identity_id = ?1",
    )
      .bind(bob.identity.id)
      .run();
    const { sessions, nextCursor } = await adminJson("/sessions?site=blog");
    expect(nextCursor).toBeNull();
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      site: "blog",
      identity: { id: ada.identity.id, name: "Ada", verified: "email" },
      method: "email",
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: adaPhone.expiresAt,
    });
    const dump = JSON.stringify(sessions);
    expect(dump).not.toContain(ada.token);
    expect(dump).not.toContain("token");
    const mine = await adminJson("/sessions", { token: otherMod });
    expect(mine.sessions.map((s: any) => s.identity.id)).toEqual([cy.identity.id]);
    const byIdentity = await adminJson(`/sessions?identity=${cy.identity.id}`);
    expect(byIdentity.sessions).toHaveLength(1);
    await expectError(await admin("/sessions?site=blog", { token: otherMod }), 404, "not_found");
    await expectError(
      await admin(`/sessions?identity=${ada.identity.id}`, { token: otherMod }),
      404,
      "not_found",
    );
  });

  it("revokes one session: its token is refused at once, the reader's other device stays signed in", async () => {
    const { ada, adaPhone } = await readers();
    const { sessions } = await adminJson(`/sessions?identity=${ada.identity.id}`);
    const phone = sessions[0].id;
    const before = await snapshot();
    await expectError(
      await admin(`/sessions/${phone}`, { method: "DELETE", token: otherMod }),
      404,
      "not_found",
    );
    await expectError(await admin("/sessions/nosuchsession", { method: "DELETE" }), 404, "not_found");
    expect(await snapshot()).toBe(before);

    expect((await admin(`/sessions/${phone}`, { method: "DELETE", token: blogMod })).status).toBe(204);
    await expectError(await me(adaPhone.token), 401, "unauthorized");
    expect((await me(ada.token)).status).toBe(200);
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({ actor: "Blog mod", action: "session.delete", target: phone });
    await expectError(await admin(`/sessions/${phone}`, { method: "DELETE" }), 404, "not_found");
  });

  it("signs an identity out everywhere, and no one else", async () => {
    const { ada, adaPhone, bob, cy } = await readers();
    const before = await snapshot();
    await expectError(
      await admin(`/identities/${ada.identity.id}/sessions`, { method: "DELETE", token: otherMod }),
      404,
      "not_found",
    );
    expect(await snapshot()).toBe(before);
    const res = await admin(`/identities/${ada.identity.id}/sessions`, { method: "DELETE", token: blogMod });
    expect(res.status).toBe(204);
    await expectError(await me(ada.token), 401, "unauthorized");
    await expectError(await me(adaPhone.token), 401, "unauthorized");
    expect((await me(bob.token)).status).toBe(200);
    expect((await me(cy.token, OTHER)).status).toBe(200);
    const { entries } = await adminJson("/audit?site=blog");
    expect(entries[0]).toMatchObject({ action: "identity.sign-out", target: ada.identity.id });
    // The identity stays: signing in again gives the same one.
    const again = await signedIn("blog", { name: "Ada", email: "ada@example.org" });
    expect(again.identity.id).toBe(ada.identity.id);
  });
});

describe("AdminComment.identityId", () => {
  it("names the identity a comment was posted as, and is null for an anonymous comment", async () => {
    const { ada } = await readers();
    const signed = (await post({ name: "Ada", text: "signed" })).json.comment.id;
    const anonymous = (await post({ name: "Anon", text: "anonymous" })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET identity_id = ?1, author_verified = 'email' WHERE id = ?2")
      .bind(ada.identity.id, signed)
      .run();
    const { comments } = await adminJson("/comments?site=blog&status=all");
    const byId = Object.fromEntries(comments.map((c: any) => [c.id, c]));
    expect(byId[signed]).toMatchObject({ identityId: ada.identity.id, author: { verified: "email" } });
    expect(byId[anonymous]).toMatchObject({ identityId: null, author: { verified: null } });
  });
});
