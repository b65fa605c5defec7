// What a Webmention stores and for how long (docs/security.md), and how export and import carry
// a remote comment's source.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { hEntry, plainPage } from "../fixtures/h-entries.ts";
import { confabFile } from "./confab-file.ts";
import { ARTICLE, addSite, admin, adminJson, BLOG, forgetReads, RESET_SQL } from "./helpers.ts";
import { freshSite, mention, page, SOURCE, send, thread } from "./webmention-helpers.ts";

beforeEach(freshSite);

describe("what is kept", () => {
  it("keeps a refusal's status for the outbox retention, an accepted mention as long as its page", async () => {
    const { cleanup } = await import("../../worker/src/services/cleanup.ts");
    await mention(await page(plainPage(`${BLOG}/other/`, "No link")));
    await mention(await page(hEntry({ target: ARTICLE, content: "<p>Kept</p>" })));
    const statuses = () =>
      env.DB.prepare("SELECT status FROM webmentions ORDER BY status")
        .all<{ status: string }>()
        .then((r) => r.results.map((x) => x.status));
    await cleanup(env.DB, Date.now() + 29 * 86_400_000);
    expect(await statuses()).toEqual(["accepted", "rejected"]);
    await cleanup(env.DB, Date.now() + 31 * 86_400_000);
    expect(await statuses()).toEqual(["accepted"]);
  });

  it("stores no address of the sender, only a keyed rate-limit slot of its network", async () => {
    const res = await send({
      source: await page(hEntry({ target: ARTICLE, content: "<p>x</p>" })),
      target: ARTICLE,
    });
    expect(res.status).toBe(202);
    const row = await env.DB.prepare("SELECT * FROM webmentions").first<Record<string, unknown>>();
    expect(Object.keys(row ?? {}).sort()).toEqual(
      [
        "comment_id",
        "created_at",
        "error",
        "id",
        "kind",
        "page_key",
        "site_id",
        "source",
        "status",
        "target",
        "updated_at",
      ].sort(),
    );
    const comment = await env.DB.prepare(
      "SELECT author_email, network_hash, edit_token_hash FROM comments",
    ).first();
    expect(comment).toEqual({ author_email: null, network_hash: null, edit_token_hash: null });
    const slots = await env.DB.prepare("SELECT key FROM rate_slots").all<{ key: string }>();
    expect(slots.results.map((r) => r.key)).toEqual(["webmention:blog:unknown"]);
  });
});

describe("export and import", () => {
  const importFile = (body: string) =>
    admin("/import?site=blog&format=confab", {
      method: "POST",
      body,
      headers: { "Content-Type": "text/plain" },
    });

  it("carry a mention's source: the round trip keeps it, and a resend after it updates the same comment", async () => {
    const path = `/exported-${Date.now()}`;
    const source = await page(hEntry({ target: ARTICLE, content: "<p>Travels</p>" }), { path });
    await mention(source);
    const file = await (await admin("/export?site=blog")).text();
    const [entry] = JSON.parse(file).comments;
    expect(entry.remote).toEqual({
      kind: "webmention",
      url: `${SOURCE}/2026/12/re-hello`,
      handle: null,
      id: source,
    });
    await env.DB.exec(RESET_SQL);
    await forgetReads("blog");
    expect(await (await importFile(file)).json()).toMatchObject({ comments: 1, errors: [] });
    expect(await (await admin("/export?site=blog")).text()).toBe(file);
    const [c] = (await thread()).comments;
    expect(c.source).toEqual({
      kind: "webmention",
      url: `${SOURCE}/2026/12/re-hello`,
      author: { name: "Alice Example", handle: null, url: "https://alice.example/" },
    });
    await addSite("blog", [BLOG]);
    await page(hEntry({ target: ARTICLE, content: "<p>Travels, edited</p>" }), { path });
    await mention(source);
    const after = (await thread()).comments;
    expect(after.map((x: any) => [x.id, x.html])).toEqual([[c.id, "<p>Travels, edited</p>"]]);
  });

  it("refuse a comment whose source is not one they know, importing the rest", async () => {
    const file = (remote: unknown) =>
      confabFile({
        comments: [
          {
            id: "c1",
            thread: "t1",
            parent: null,
            status: "approved",
            pinned: false,
            likes: 0,
            author: { name: "A", email: null, website: null, isModerator: false, verified: null },
            text: "hi",
            createdAt: "2026-01-01T00:00:00.000Z",
            editedAt: null,
            moderationReasons: [],
            sourceId: null,
            remote,
          },
        ],
      });
    for (const remote of [
      { kind: "myspace", url: "https://a.example/p", handle: null, id: "x" },
      { kind: "webmention", url: "javascript:alert(1)", handle: null, id: "x" },
      { kind: "webmention", url: "https://a.example/p", handle: null, id: "" },
      "webmention",
    ]) {
      const result = await (await importFile(file(remote))).json();
      expect(result).toMatchObject({
        comments: 0,
        errors: [{ entry: "comment c1", reason: "remote: invalid" }],
      });
    }
  });
});

describe("threads a moderator merges", () => {
  it("keep one copy standing for a post that mentioned both pages, without an error", async () => {
    const other = `${BLOG}/2024/05/hello-again/`;
    const body = `${plainPage(ARTICLE, "See")}${plainPage(other, "and")}`;
    const source = await page(body);
    await mention(source, ARTICLE);
    await mention(source, other);
    const threads = await adminJson("/threads?site=blog");
    const [into, from] = threads.threads.map((t: any) => t.id);
    const merged = await admin(`/threads/${from}/merge`, { method: "POST", body: { into } });
    expect(merged.status).toBe(200);
    const rows = await env.DB.prepare("SELECT thread_id, remote_id FROM comments ORDER BY remote_id")
      .all<{ thread_id: string; remote_id: string | null }>()
      .then((r) => r.results);
    expect(rows).toEqual([
      { thread_id: into, remote_id: null },
      { thread_id: into, remote_id: source },
    ]);
  });
});
