// Posting as a signed-in reader (docs/identity.md): the identity names the author, the comment
// says how it was verified, the reader edits and deletes from any device with their session; and
// the site's rules on who may post as whom (`posting`, `reservedNames`, staff addresses).
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ARTICLE,
  addSite,
  admin,
  api,
  BLOG,
  expectError,
  getThread,
  post,
  RESET_SQL,
  signedIn,
  snapshot,
} from "./helpers.ts";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const setSite = (sql: string, ...binds: unknown[]) =>
  env.DB.prepare(`UPDATE sites SET ${sql} WHERE id = 'blog'`)
    .bind(...binds)
    .run();
const makeStaff = (id: string) =>
  env.DB.prepare("UPDATE identities SET is_staff = 1 WHERE id = ?1").bind(id).run();
const authorEdit = (id: string, token: string, method = "PATCH", text = "changed") =>
  api(`/api/v1/comments/${id}`, {
    method,
    headers: { ...bearer(token), Origin: BLOG, "Content-Type": "application/json" },
    body: method === "PATCH" ? JSON.stringify({ text }) : undefined,
  });

/** A refused post (post() has read its body already). */
function refused(p: { res: Response; json: { error?: { code: string } } }, status: number, code: string) {
  expect([p.res.status, p.json.error?.code]).toEqual([status, code]);
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  await addSite("other", ["https://other.example.net"]);
});

describe("POST /api/v1/comments signed in", () => {
  it("takes a provider identity's name and avatar, ignores the typed ones, and stores the identity", async () => {
    const gh = await signedIn("blog", {
      kind: "github",
      subject: "4242",
      name: "Octo Cat",
      email: "octo@example.org",
    });
    const { res, json } = await post(
      {
        author: { name: "Someone Else", email: "else@example.org", website: "https://octo.example/" },
        text: "hi",
      },
      bearer(gh.token),
    );
    expect(res.status).toBe(201);
    expect(json.comment.author).toEqual({
      name: "Octo Cat",
      website: "https://octo.example/",
      avatar: gh.identity.avatar,
      isModerator: false,
      verified: "github",
    });
    const row = await env.DB.prepare(
      "SELECT identity_id, author_verified, author_email FROM comments",
    ).first<any>();
    expect(row).toEqual({
      identity_id: gh.identity.id,
      author_verified: "github",
      author_email: "octo@example.org",
    });
    const { json: thread } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(thread.comments[0].author.verified).toBe("github");
    expect(JSON.stringify(thread)).not.toContain("octo@example.org");
  });

  it("lets an email identity go by the name it posts with, and keeps that name", async () => {
    const reader = await signedIn("blog", { email: "ada@example.org", name: "" });
    const first = await post({ author: { name: "Ada" }, text: "one" }, bearer(reader.token));
    expect(first.json.comment.author).toMatchObject({ name: "Ada", verified: "email" });
    const me = (await (
      await api("/api/v1/auth/me", { headers: { ...bearer(reader.token), Origin: BLOG } })
    ).json()) as any;
    expect(me.identity.name).toBe("Ada");
    const second = await post({ text: "two" }, bearer(reader.token));
    expect(second.json.comment.author?.name).toBe("Ada");
    // Anonymous comments carry no verification.
    expect(
      (await post({ author: { name: "Anon" }, text: "three" })).json.comment.author?.verified,
    ).toBeNull();
  });

  it("gives the moderator badge only to a staff identity", async () => {
    const reader = await signedIn("blog", { kind: "sso", subject: "u1", name: "Site Owner", email: null });
    expect((await post({ text: "not yet" }, bearer(reader.token))).json.comment.author?.isModerator).toBe(
      false,
    );
    await makeStaff(reader.identity.id);
    expect((await post({ text: "now" }, bearer(reader.token))).json.comment.author?.isModerator).toBe(true);
  });

  it("refuses a token of another site, an ended one, and a malformed one, writing nothing", async () => {
    const other = await signedIn("other");
    const ended = await signedIn("blog");
    await api("/api/v1/auth/session", {
      method: "DELETE",
      headers: { ...bearer(ended.token), Origin: BLOG },
    });
    const before = await snapshot();
    refused(await post({ text: "x" }, bearer(other.token)), 401, "unauthorized");
    refused(await post({ text: "x" }, bearer(ended.token)), 401, "unauthorized");
    refused(await post({ text: "x" }, { Authorization: "Bearer !!" }), 401, "unauthorized");
    expect(await snapshot()).toBe(before);
  });
});

describe("PATCH and DELETE /api/v1/comments/:id with a session", () => {
  it("edits and deletes from another device, with any session of the identity", async () => {
    const phone = await signedIn("blog", { email: "ada@example.org" });
    const laptop = await signedIn("blog", { email: "ada@example.org" });
    const { json } = await post({ author: { name: "Ada" }, text: "from the phone" }, bearer(phone.token));
    const edited = await authorEdit(json.comment.id, laptop.token, "PATCH", "from the laptop");
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as any).comment.html).toContain("from the laptop");
    // The edit token keeps working too.
    expect((await authorEdit(json.comment.id, json.editToken, "PATCH", "by edit token")).status).toBe(200);
    expect((await authorEdit(json.comment.id, laptop.token, "DELETE")).status).toBe(204);
  });

  it("refuses another identity's session, a session on an anonymous comment, and a closed window", async () => {
    const ada = await signedIn("blog", { email: "ada@example.org" });
    const bob = await signedIn("blog", { email: "bob@example.org" });
    const mine = (await post({ text: "ada's" }, bearer(ada.token))).json.comment.id;
    const anonymous = (await post({ author: { name: "Anon" }, text: "anon" })).json.comment.id;
    const before = await snapshot();
    await expectError(await authorEdit(mine, bob.token), 403, "forbidden");
    await expectError(await authorEdit(mine, bob.token, "DELETE"), 403, "forbidden");
    await expectError(await authorEdit(anonymous, ada.token), 403, "forbidden");
    expect(await snapshot()).toBe(before);
    await env.DB.prepare("UPDATE comments SET created_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1")
      .bind(mine)
      .run();
    await expectError(await authorEdit(mine, ada.token), 403, "edit_window_closed");
  });

  it("erases the identity, its sessions and passkeys with its last comment", async () => {
    const ada = await signedIn("blog", { email: "ada@example.org" });
    await env.DB.prepare(
      "INSERT INTO passkeys (id, identity_id, site_id, public_key, created_at) VALUES ('cred1', ?1, 'blog', 'pk', ?2)",
    )
      .bind(ada.identity.id, new Date().toISOString())
      .run();
    const one = (await post({ text: "one" }, bearer(ada.token))).json.comment.id;
    const two = (await post({ text: "two" }, bearer(ada.token))).json.comment.id;
    expect((await authorEdit(one, ada.token, "DELETE")).status).toBe(204);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM identities").first("n")).toBe(1);
    expect((await authorEdit(two, ada.token, "DELETE")).status).toBe(204);
    for (const table of ["identities", "reader_sessions", "passkeys"])
      expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first("n")).toBe(0);
    expect(await snapshot()).not.toContain("ada@example.org");
  });
});

describe("DELETE /api/v1/auth/identity", () => {
  it("erases every comment of the identity, whatever its state, then the identity itself", async () => {
    const ada = await signedIn("blog", { email: "ada@example.org", name: "Ada" });
    const other = await signedIn("blog", { email: "bob@example.org", name: "Bob" });
    await env.DB.prepare(
      "INSERT INTO passkeys (id, identity_id, site_id, public_key, created_at) VALUES ('cred1', ?1, 'blog', 'pk', ?2)",
    )
      .bind(ada.identity.id, new Date().toISOString())
      .run();
    const root = (await post({ text: "Ada's root" }, bearer(ada.token))).json.comment.id;
    const reply = (await post({ parentId: root, text: "Bob answers" }, bearer(other.token))).json.comment.id;
    const decided = (await post({ text: "Ada, approved by a moderator" }, bearer(ada.token))).json.comment.id;
    await admin(`/comments/${decided}`, { method: "PATCH", body: { status: "approved" } });
    await env.DB.prepare("UPDATE comments SET created_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1")
      .bind(decided)
      .run();

    const res = await api("/api/v1/auth/identity", {
      method: "DELETE",
      headers: { ...bearer(ada.token), Origin: BLOG },
    });
    expect(res.status).toBe(204);
    const rows = await env.DB.prepare(
      "SELECT id, status, author_name, identity_id FROM comments ORDER BY id",
    ).all<any>();
    // Ada's root stays only as an empty placeholder, since Bob replied; her other comment is gone.
    expect(rows.results).toEqual([
      { id: root, status: "deleted", author_name: "", identity_id: null },
      { id: reply, status: "approved", author_name: "Bob", identity_id: other.identity.id },
    ]);
    for (const table of ["passkeys"])
      expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first("n")).toBe(0);
    const left = await env.DB.prepare("SELECT name FROM identities").all<any>();
    expect(left.results).toEqual([{ name: "Bob" }]);
    expect(await snapshot()).not.toContain("ada@example.org");
    await expectError(
      await api("/api/v1/auth/me", { headers: { ...bearer(ada.token), Origin: BLOG } }),
      401,
      "unauthorized",
    );
    const { json: thread } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(thread.thread.commentCount).toBe(1);
  });

  it("needs a live session of the site, and writes nothing without one", async () => {
    await signedIn("blog");
    const before = await snapshot();
    await expectError(
      await api("/api/v1/auth/identity", { method: "DELETE", headers: { Origin: BLOG } }),
      401,
      "unauthorized",
    );
    await expectError(
      await api("/api/v1/auth/identity", {
        method: "DELETE",
        headers: { ...bearer("z".repeat(43)), Origin: BLOG },
      }),
      401,
      "unauthorized",
    );
    expect(await snapshot()).toBe(before);
  });
});

describe("the site's posting rule", () => {
  it("verified: refuses anonymous posts with 401 sign_in_required, writing nothing", async () => {
    await setSite("posting = 'verified'");
    const before = await snapshot();
    refused(await post({ author: { name: "Anon" }, text: "x" }), 401, "sign_in_required");
    expect(await snapshot()).toBe(before);
    const reader = await signedIn("blog");
    expect((await post({ text: "signed in" }, bearer(reader.token))).json.comment.status).toBe("approved");
  });

  it("verified-or-held: holds anonymous posts with their reason, publishes signed-in ones", async () => {
    await setSite("posting = 'verified-or-held'");
    const anon = await post({ author: { name: "Anon" }, text: "x" });
    expect(anon.json.comment.status).toBe("pending");
    const reasons = await env.DB.prepare("SELECT moderation_reasons FROM comments WHERE id = ?1")
      .bind(anon.json.comment.id)
      .first<string>("moderation_reasons");
    expect(JSON.parse(reasons ?? "[]")).toEqual(["moderation: anonymous (not signed in)"]);
    const reader = await signedIn("blog");
    expect((await post({ text: "signed in" }, bearer(reader.token))).json.comment.status).toBe("approved");
  });

  it("is in the site answer, and the admin API refuses bad values without writing", async () => {
    await setSite("posting = 'verified'");
    const { json } = await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`);
    expect(json.site.posting).toBe("verified");
    const before = await snapshot();
    for (const [body, field] of [
      [{ posting: "sometimes" }, "posting"],
      [{ reservedNames: [""] }, "reservedNames.0"],
      [{ reservedNames: ["x".repeat(81)] }, "reservedNames.0"],
    ] as const) {
      const error = await expectError(
        await admin("/sites/blog", { method: "PATCH", body }),
        400,
        "validation_failed",
      );
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("reserved names and staff addresses", () => {
  beforeEach(async () => {
    await setSite("reserved_names = ?1", JSON.stringify(["Admin", "Site Owner"]));
  });

  it("refuses a reserved name to anyone but staff, however it is spelled", async () => {
    const before = await snapshot();
    // Cyrillic а, capitals, a digit for the i, fullwidth letters, a zero-width space, extra spaces.
    for (const name of [
      "Admin",
      "\u0430dmin",
      "ADMIN",
      "Adm1n",
      "\uff21\uff44\uff4d\uff49\uff4e",
      "Ad\u200bmin",
      " site   owner ",
    ]) {
      refused(await post({ author: { name }, text: `as ${name}` }), 403, "name_reserved");
    }
    expect(await snapshot()).toBe(before);
    expect((await post({ author: { name: "Admins" }, text: "close, but another name" })).res.status).toBe(
      201,
    );
  });

  it("refuses it to a non-staff identity, typed or from the provider, and allows it to staff", async () => {
    const email = await signedIn("blog", { email: "ada@example.org", name: "" });
    refused(
      await post({ author: { name: "\u0410dmin" }, text: "x" }, bearer(email.token)),
      403,
      "name_reserved",
    );
    const gh = await signedIn("blog", { kind: "github", subject: "7", name: "Admin", email: null });
    refused(await post({ text: "x" }, bearer(gh.token)), 403, "name_reserved");
    await makeStaff(gh.identity.id);
    const ok = await post({ text: "the real admin" }, bearer(gh.token));
    expect(ok.json.comment.author).toMatchObject({ name: "Admin", isModerator: true });
  });

  it("refuses an anonymous post with a staff identity's address, and only then", async () => {
    const owner = await signedIn("blog", { email: "owner@example.org", name: "Owner" });
    await signedIn("blog", { email: "reader@example.org", name: "Reader" });
    expect(
      (await post({ author: { name: "Eve", email: "owner@example.org" }, text: "before" })).res.status,
    ).toBe(201);
    await makeStaff(owner.identity.id);
    const before = await snapshot();
    refused(
      await post({ author: { name: "Eve", email: "OWNER@example.org" }, text: "forged" }),
      403,
      "name_reserved",
    );
    expect(await snapshot()).toBe(before);
    expect(
      (await post({ author: { name: "Eve", email: "reader@example.org" }, text: "ok" })).res.status,
    ).toBe(201);
    expect((await post({ text: "signed in" }, bearer(owner.token))).res.status).toBe(201);
  });
});

describe("moderation first", () => {
  it("no longer lets a forged approved address skip the queue", async () => {
    await setSite("moderation = 'first'");
    const real = await signedIn("blog", { email: "regular@example.org" });
    const first = await post({ text: "the regular's first" }, bearer(real.token));
    await env.DB.prepare("UPDATE comments SET status = 'approved' WHERE id = ?1")
      .bind(first.json.comment.id)
      .run();
    expect((await post({ text: "the regular again" }, bearer(real.token))).json.comment.status).toBe(
      "approved",
    );
    const forged = await post({
      author: { name: "Regular", email: "regular@example.org" },
      text: "the forger",
    });
    expect(forged.json.comment.status).toBe("pending");
  });
});
