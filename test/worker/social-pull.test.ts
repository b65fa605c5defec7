// Pulling Mastodon and Bluesky replies end to end: a moderator links the thread, the worker asks
// the networks' public APIs (the fakes of test/fakes/social-servers.ts, answering in the real
// shapes) and the replies become comments nested as at their source, with their `source`,
// sanitised and moderated like every comment. Requests that start a pull go through fetchApp,
// which waits for the work after the answer.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import type { Bindings } from "../../worker/src/env.ts";
import worker from "../../worker/src/index.ts";
import { hEntry } from "../fixtures/h-entries.ts";
import {
  BSKY_DID,
  blockedPost,
  bskyPost,
  MASTODON_HOST,
  notFoundPost,
  postUri,
  status,
} from "../fixtures/social.ts";
import { fetchApp } from "./app-fetch.ts";
import { confabFile } from "./confab-file.ts";
import {
  ARTICLE,
  addSite,
  admin,
  adminJson,
  BLOG,
  forgetReads,
  post,
  RESET_SQL,
  reasonsOf,
  seedNotifyEmails,
  snapshot,
} from "./helpers.ts";
import { mention, page } from "./webmention-helpers.ts";

const SOCIAL = inject("socialUrl");
let n = 0;
let threadId = "";
/** A status id (digits) no other test uses on the shared fake. */
const freshId = () => `${Date.now()}${String(n++).padStart(5, "0")}`;

async function putContext(id: string, descendants: unknown[]) {
  await fetch(`${SOCIAL}/__mastodon/${id}`, { method: "PUT", body: JSON.stringify({ descendants }) });
}
async function putThread(uri: string, thread: unknown) {
  await fetch(`${SOCIAL}/__bsky/thread`, { method: "PUT", body: JSON.stringify({ uri, thread }) });
}
/** A fresh Bluesky handle that the fake resolves to BSKY_DID. */
async function bskyHandle(prefix: string): Promise<string> {
  const handle = `${prefix}${freshId()}.bsky.social`;
  await fetch(`${SOCIAL}/__bsky/handle/${handle}`, {
    method: "PUT",
    body: JSON.stringify({ did: BSKY_DID }),
  });
  return handle;
}
async function fakeLog(): Promise<string[]> {
  return (await fetch(`${SOCIAL}/__log`)).json();
}

/** Links the thread (the set replaced) and waits for the pull it starts. */
async function link(social: { kind: string; url: string }[], vars: Partial<Bindings> = {}) {
  const res = await fetchApp(
    `/api/v1/admin/threads/${threadId}`,
    {
      method: "PATCH",
      headers: { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" },
      body: JSON.stringify({ social }),
    },
    { vars },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as any).thread;
}

async function read(vars: Partial<Bindings> = {}) {
  const res = await fetchApp(
    `/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`,
    {
      headers: { Origin: BLOG },
    },
    { vars: { FRESH_SECONDS: "0", ...vars } },
  );
  return (await res.json()) as any;
}
const remote = (t: any) => t.comments.filter((c: any) => c.source);
const linkRow = () => env.DB.prepare("SELECT * FROM social_links").first<any>();

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await forgetReads("blog");
  await addSite("blog", [BLOG]);
  await post({ text: "A native comment" });
  threadId = (await env.DB.prepare("SELECT id FROM threads").first<{ id: string }>())?.id ?? "";
});

describe("Mastodon", () => {
  it("pulls the replies of a status, nested as there, each with its source", async () => {
    const root = freshId();
    const [a, b, c] = [freshId(), freshId(), freshId()];
    await putContext(root, [
      status({ id: a, inReplyTo: root, user: "ana", displayName: "Ana", content: "<p>Lovely post</p>" }),
      status({ id: b, inReplyTo: a, user: "bo", content: "<p>Agreed, <em>Ana</em></p>" }),
      status({ id: c, inReplyTo: root, user: "cy", content: "<p>Third</p>" }),
    ]);
    const linked = await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    expect(linked.social[0]).toMatchObject({ kind: "mastodon" });
    expect(await fakeLog()).toContain(`/mastodon/api/v1/statuses/${root}/context`);
    const t = await read();
    const [ra, rb, rc] = remote(t);
    expect(t.comments).toHaveLength(4);
    expect(ra).toMatchObject({
      parentId: null,
      status: "approved",
      html: "<p>Lovely post</p>",
      author: { name: "Ana" },
      source: {
        kind: "mastodon",
        url: `https://${MASTODON_HOST}/@ana/${a}`,
        author: { name: "Ana", handle: `@ana@${MASTODON_HOST}`, url: `https://${MASTODON_HOST}/@ana` },
      },
    });
    expect(rb).toMatchObject({ parentId: ra.id, html: "<p>Agreed, <em>Ana</em></p>" });
    expect(rc).toMatchObject({ parentId: null, html: "<p>Third</p>" });
    // No remote avatar reaches the reader: the answer names none of the instance's images.
    expect(JSON.stringify(t)).not.toContain("/avatars/");
    expect(t.thread.commentCount).toBe(4);
    expect(await linkRow()).toMatchObject({ remote_root: root, error: null });
  });

  it("a pull again updates an edited reply, removes a deleted one, and leaves the unchanged alone", async () => {
    const root = freshId();
    const [a, b, c] = [freshId(), freshId(), freshId()];
    const url = `https://${MASTODON_HOST}/@me/${root}`;
    const ra = status({ id: a, inReplyTo: root, user: "ana", content: "<p>First take</p>" });
    const rb = status({ id: b, inReplyTo: a, user: "bo", content: "<p>Reply</p>" });
    const rc = status({ id: c, inReplyTo: root, user: "cy", content: "<p>Gone soon</p>" });
    await putContext(root, [ra, rb, rc]);
    await link([{ kind: "mastodon", url }]);
    const before = remote(await read());
    expect(before).toHaveLength(3);
    await putContext(root, [
      { ...ra, content: "<p>Second take</p>", edited_at: "2026-12-02T00:00:00.000Z" },
      rb,
    ]);
    await link([{ kind: "mastodon", url }]);
    const after = remote(await read());
    expect(after.map((x: any) => x.html)).toEqual(["<p>Second take</p>", "<p>Reply</p>"]);
    expect(after[0].id).toBe(before[0].id);
    expect(after[0].editedAt).not.toBeNull();
    expect(after[1]).toMatchObject({ id: before[1].id, parentId: before[0].id, editedAt: null });
    const gone = await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE id = ?1")
      .bind(before[2].id)
      .first<any>();
    expect(gone.n).toBe(0);
  });

  it("removes nothing when the answer may be cut (60 replies, Mastodon's limit without a token)", async () => {
    const root = freshId();
    const url = `https://${MASTODON_HOST}/@me/${root}`;
    const many = Array.from({ length: 60 }, (_, i) =>
      status({ id: freshId(), inReplyTo: root, user: `u${i}`, content: `<p>Reply ${i}</p>` }),
    );
    await putContext(root, many);
    const shown = async () =>
      (
        await env.DB.prepare(
          "SELECT COUNT(*) AS n FROM comments WHERE source_kind = 'mastodon' AND status = 'approved'",
        ).first<any>()
      ).n;
    await link([{ kind: "mastodon", url }]);
    expect(await shown()).toBe(60);
    // The next answer, 60 long again, lacks the first reply: it may be past the limit, not deleted.
    const newer = status({ id: freshId(), inReplyTo: root, user: "late", content: "<p>Late</p>" });
    await putContext(root, [...many.slice(1), newer]);
    await link([{ kind: "mastodon", url }]);
    expect(await shown()).toBe(61);
    // An answer under the limit is whole: what it lacks was deleted.
    await putContext(root, many.slice(2));
    await link([{ kind: "mastodon", url }]);
    expect(await shown()).toBe(58);
  });

  it("shows each reply's own time, never one to come, in the order the pull brings them", async () => {
    const root = freshId();
    const [a, b] = [freshId(), freshId()];
    await putContext(root, [
      status({
        id: a,
        inReplyTo: root,
        user: "ana",
        content: "<p>Last year</p>",
        createdAt: "2025-06-01T08:30:00.000Z",
      }),
      status({
        id: b,
        inReplyTo: root,
        user: "bo",
        content: "<p>Tomorrow</p>",
        createdAt: "2999-01-01T00:00:00.000Z",
      }),
    ]);
    const before = Date.now();
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    const [ra, rb] = remote(await read());
    expect(ra).toMatchObject({ html: "<p>Last year</p>", createdAt: "2025-06-01T08:30:00.000Z" });
    expect(rb.html).toBe("<p>Tomorrow</p>");
    expect(Date.parse(rb.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(rb.createdAt)).toBeLessThanOrEqual(Date.now());
  });

  it("believes a status's page and its author's only on the status's home server", async () => {
    const root = freshId();
    const a = freshId();
    const forged = status({ id: a, inReplyTo: root, user: "mal", content: "<p>Hi</p>" });
    await putContext(root, [
      {
        ...forged,
        url: "https://phish.example/login",
        account: { ...forged.account, url: "https://phish.example/" },
      },
    ]);
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    const [c] = remote(await read());
    expect(c.source.url).toBe(forged.uri);
    expect(c.source.author.url).toBeNull();
    expect(c.author.website).toBeNull();
  });

  it("a pulled reply reaches a read the cache kept (the pull purges it, and readers see it at once)", async () => {
    const root = freshId();
    await putContext(root, [status({ id: freshId(), inReplyTo: root, user: "ana", content: "<p>New</p>" })]);
    const cached = { FRESH_SECONDS: "3600" };
    expect(remote(await read(cached))).toEqual([]);
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    expect(remote(await read(cached)).map((c: any) => c.html)).toEqual(["<p>New</p>"]);
  });

  it("keeps a custom emoji as text (its image never loaded) and a content warning as a visible line", async () => {
    const root = freshId();
    const a = freshId();
    await putContext(root, [
      status({
        id: a,
        inReplyTo: root,
        user: "ana",
        displayName: "Ana :verified:",
        content: "<p>So good :blobcat:</p>",
        spoiler: "plot details",
        emojis: ["blobcat", "verified"],
      }),
    ]);
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    const [c] = remote(await read());
    expect(c.html).toBe("<p>⚠ Content warning: plot details</p>\n<p>So good :blobcat:</p>");
    expect(c.author.name).toBe("Ana :verified:");
    expect(c.html).not.toContain("<img");
    expect(c.html).not.toContain("/emoji/");
  });

  it("sanitises a script and event handlers in remote content", async () => {
    const root = freshId();
    await putContext(root, [
      status({
        id: freshId(),
        inReplyTo: root,
        user: "eve",
        content: `<p>hi<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a></p>`,
      }),
    ]);
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    const [c] = remote(await read());
    expect(c.html).not.toMatch(/<script|onerror|javascript:|<img/i);
    expect(c.html).toContain("hi");
  });

  it("on a site that holds every comment, holds them (and a reply waits for its held parent)", async () => {
    await addSite("blog", [BLOG], "all");
    const root = freshId();
    const [a, b] = [freshId(), freshId()];
    await putContext(root, [
      status({ id: a, inReplyTo: root, user: "ana", content: "<p>Held</p>" }),
      status({ id: b, inReplyTo: a, user: "bo", content: "<p>Waits</p>" }),
    ]);
    const url = `https://${MASTODON_HOST}/@me/${root}`;
    await link([{ kind: "mastodon", url }]);
    expect(remote(await read())).toEqual([]);
    const rows = (
      await env.DB.prepare("SELECT id, status FROM comments WHERE source_kind = 'mastodon'").all<any>()
    ).results;
    expect(rows.map((r) => r.status)).toEqual(["pending"]);
    expect(await reasonsOf(rows[0].id)).toEqual(["moderation: all comments are held"]);
    // Approved by a moderator: the next pull brings its reply, held in turn.
    await adminJson(`/comments/${rows[0].id}`, { method: "PATCH", body: { status: "approved" } });
    await link([{ kind: "mastodon", url }]);
    const all = (
      await env.DB.prepare(
        "SELECT status, parent_id FROM comments WHERE source_kind = 'mastodon' ORDER BY id",
      ).all<any>()
    ).results;
    expect(all).toEqual([
      { status: "approved", parent_id: null },
      { status: "pending", parent_id: rows[0].id },
    ]);
  });

  it("fires the site's webhook and mails its moderators about a held reply, as for a post", async () => {
    await addSite("blog", [BLOG], "all");
    await seedNotifyEmails("blog", ["mod@example.com"]);
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: { webhookUrl: `${inject("hookUrl")}/hook/ok/social` },
    });
    const root = freshId();
    await putContext(root, [
      status({ id: freshId(), inReplyTo: root, user: "ana", content: "<p>Tell the owner</p>" }),
    ]);
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }]);
    const hooks = await env.DB.prepare("SELECT event FROM webhook_deliveries").all<{ event: string }>();
    expect(hooks.results.map((h) => h.event)).toEqual(["comment.created"]);
    const mails = await env.DB.prepare("SELECT to_addr, text FROM outbox").all<{
      to_addr: string;
      text: string;
    }>();
    expect(mails.results.map((m) => m.to_addr)).toEqual(["mod@example.com"]);
    expect(mails.results[0]?.text).toContain("Tell the owner");
  });

  it("an unreachable instance is recorded as the link's error, and nothing else is written", async () => {
    const root = freshId();
    await putContext(root, [status({ id: freshId(), inReplyTo: root, user: "ana", content: "<p>x</p>" })]);
    const comments = async () =>
      JSON.stringify((await env.DB.prepare("SELECT * FROM comments ORDER BY id").all()).results);
    const before = await comments();
    // Port 9 (discard) on the loopback: nothing listens there (workerd logs the refused connection).
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${root}` }], {
      MASTODON_API_URL: "http://127.0.0.1:9",
    });
    expect(await linkRow()).toMatchObject({ error: "127.0.0.1:9 could not be reached", remote_root: null });
    expect((await linkRow()).pulled_at).not.toBeNull();
    expect(await comments()).toBe(before);
    // A status its instance does not know: the HTTP status is the error.
    await link([{ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/1${root}` }]);
    expect((await linkRow()).error).toMatch(/answered HTTP 404$/);
    expect(await comments()).toBe(before);
  });
});

describe("a merge", () => {
  it("takes the linked posts along: later pulls of either thread's links neither add copies nor lose replies", async () => {
    const [p, q, r] = [freshId(), freshId(), freshId()];
    const [pa, qa, ra] = [freshId(), freshId(), freshId()];
    const replyTo = (root: string, id: string, content: string) =>
      status({ id, inReplyTo: root, user: "ana", content });
    await putContext(p, [replyTo(p, pa, "<p>On the post linked twice</p>")]);
    await putContext(q, [replyTo(q, qa, "<p>On the target's own post</p>")]);
    await putContext(r, [replyTo(r, ra, "<p>On the merged thread's own post</p>")]);
    const url = (id: string) => ({ kind: "mastodon", url: `https://${MASTODON_HOST}/@me/${id}` });
    const from = threadId;
    await link([url(p), url(r)]);
    const other = `${BLOG}/2024/07/the-other-page/`;
    await post({ url: other, text: "A comment on the other page" });
    const row = await env.DB.prepare("SELECT id FROM threads WHERE url = ?1")
      .bind(other)
      .first<{ id: string }>();
    const into = row?.id ?? "";
    threadId = into;
    await link([url(p), url(q)]);

    const merged = await adminJson(`/threads/${from}/merge`, { method: "POST", body: { into } });
    expect(merged.moved).toBe(3);
    const linked = merged.thread.social.map((l: any) => l.url).sort();
    expect(linked).toEqual([p, q, r].map((id) => url(id).url).sort());
    const texts = async () => {
      const query = `/api/v1/threads?site=blog&url=${encodeURIComponent(other)}`;
      const res = await fetchApp(query, { headers: { Origin: BLOG } }, { vars: { FRESH_SECONDS: "0" } });
      return remote(await res.json())
        .map((c: any) => c.html)
        .sort();
    };
    const twice = "<p>On the post linked twice</p>";
    const edited = "<p>On the post linked twice, edited</p>";
    const [mine, theirs] = ["<p>On the merged thread's own post</p>", "<p>On the target's own post</p>"];
    // Both copies of the reply to the post linked twice stay (as for any remote post with a
    // comment in both threads, docs/api.md); the target's is the one its source updates.
    expect(await texts()).toEqual([mine, twice, twice, theirs].sort());

    // Pulled again (every link): no third copy; an edit there reaches the target's copy.
    await putContext(p, [replyTo(p, pa, edited)]);
    await link([url(p), url(q), url(r)]);
    expect(await texts()).toEqual([mine, twice, edited, theirs].sort());
    // The merged thread's own link came along: a reply deleted at its source goes.
    await putContext(r, []);
    await link([url(p), url(q), url(r)]);
    expect(await texts()).toEqual([twice, edited, theirs].sort());
  });
});

describe("blocked sources on Mastodon", () => {
  it("take an instance's replies out by the author's handle or the status's own host", async () => {
    const { unblocked } = await import("../../worker/src/services/social/reply.ts");
    const reply = (id: string, handle: string, parentId: string | null = null) => ({
      id,
      parentId,
      url: id,
      author: { name: "x", handle, url: null },
      html: "<p>x</p>",
      publishedAt: null,
    });
    const replies = [
      reply("https://bad.example/users/a/statuses/1", "@a@bad.example"),
      reply(
        "https://good.example/users/b/statuses/2",
        "@b@good.example",
        "https://bad.example/users/a/statuses/1",
      ),
      reply("https://good.example/users/c/statuses/3", "@c@good.example"),
      reply("https://relay.bad.example/users/d/statuses/4", "@d@good.example"),
    ];
    expect(unblocked(replies, ["bad.example"]).map((r) => r.id)).toEqual([
      "https://good.example/users/c/statuses/3",
    ]);
    expect(unblocked(replies, [])).toHaveLength(4);
  });
});

describe("export and import", () => {
  it("carry linked posts and Webmention likes and reposts: the round trip keeps them, and pulls update the same replies", async () => {
    const root = freshId();
    const a = freshId();
    await putContext(root, [
      status({ id: a, inReplyTo: root, user: "ana", content: "<p>Before the move</p>" }),
    ]);
    const linkUrl = `https://${MASTODON_HOST}/@me/${root}`;
    await link([{ kind: "mastodon", url: linkUrl }]);
    for (const as of ["like-of", "repost-of"] as const)
      expect((await mention(await page(hEntry({ target: ARTICLE, as })))).status.status).toBe("accepted");
    const file = await (await admin("/export?site=blog")).text();
    const [exported] = JSON.parse(file).threads;
    expect(exported.social).toEqual([{ id: expect.any(String), kind: "mastodon", url: linkUrl }]);
    expect(exported.mentions.map((m: any) => m.kind)).toEqual(["like", "repost"]);

    await env.DB.exec(RESET_SQL);
    await forgetReads("blog");
    const res = await admin("/import?site=blog&format=confab", {
      method: "POST",
      body: file,
      headers: { "Content-Type": "text/plain" },
    });
    expect(await res.json()).toMatchObject({ threads: 1, comments: 2, errors: [] });
    expect(await (await admin("/export?site=blog")).text()).toBe(file);
    const t = await read();
    expect(t.thread.mentions).toEqual({ likes: 1, reposts: 1 });
    expect(remote(t).map((c: any) => c.html)).toEqual(["<p>Before the move</p>"]);

    // The new server's pull of the same link updates the imported reply, adding no copy.
    await putContext(root, [
      status({ id: a, inReplyTo: root, user: "ana", content: "<p>After the move</p>" }),
    ]);
    await link([{ kind: "mastodon", url: linkUrl }]);
    expect(remote(await read()).map((c: any) => c.html)).toEqual(["<p>After the move</p>"]);
  });

  it("refuse a thread whose linked posts or mentions are not ones they know", async () => {
    const thread = (extra: Record<string, unknown>) => confabFile({ thread: extra });
    const before = await snapshot({ except: ["audit_log"] });
    for (const [extra, reason] of [
      [{ social: [{ id: "l1", kind: "myspace", url: "https://myspace.com/x" }] }, "social: invalid"],
      [{ social: [{ id: "l1", kind: "mastodon", url: "javascript:alert(1)" }] }, "social: invalid"],
      [{ social: "mastodon" }, "social: invalid"],
      [
        {
          mentions: [
            {
              kind: "reply",
              source: "https://a.example/p",
              target: ARTICLE,
              createdAt: "2026-01-01T00:00:00Z",
            },
          ],
        },
        "mentions: invalid",
      ],
      [
        {
          mentions: [
            { kind: "like", source: "ftp://a.example/p", target: ARTICLE, createdAt: "2026-01-01T00:00:00Z" },
          ],
        },
        "mentions: invalid",
      ],
      [
        { mentions: [{ kind: "like", source: "https://a.example/p", target: ARTICLE, createdAt: "soon" }] },
        "mentions: invalid",
      ],
    ] as const) {
      const res = await admin("/import?site=blog&format=confab", {
        method: "POST",
        body: thread(extra),
        headers: { "Content-Type": "text/plain" },
      });
      expect(await res.json()).toMatchObject({ threads: 0, errors: [{ entry: "thread t1", reason }] });
    }
    expect(await snapshot({ except: ["audit_log"] })).toBe(before);
  });
});

describe("Bluesky", () => {
  it("resolves the handle, pulls the thread, skips a deleted and a blocked post with what was under them", async () => {
    const handle = await bskyHandle("ana");
    const rkey = `3k${freshId()}`;
    const other = "did:plc:zyxwvutsrqponmlkjihgfedc";
    const text = "See https://example.com/x and @bo.bsky.social 🎉";
    const bytes = (s: string) => new TextEncoder().encode(s).length;
    const linkStart = bytes("See ");
    const mentionStart = bytes("See https://example.com/x and ");
    await putThread(
      postUri(BSKY_DID, rkey),
      bskyPost({
        did: BSKY_DID,
        handle,
        rkey,
        text: "The linked post",
        replies: [
          bskyPost({
            did: other,
            handle: "bo.bsky.social",
            name: "Bo",
            rkey: `${rkey}a`,
            text,
            facets: [
              {
                index: { byteStart: linkStart, byteEnd: linkStart + bytes("https://example.com/x") },
                features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/x" }],
              },
              {
                index: { byteStart: mentionStart, byteEnd: mentionStart + bytes("@bo.bsky.social") },
                features: [{ $type: "app.bsky.richtext.facet#mention", did: other }],
              },
            ],
            replies: [
              bskyPost({ did: BSKY_DID, handle, rkey: `${rkey}b`, text: "Nested <b>reply</b>\nline two" }),
            ],
          }),
          notFoundPost(postUri(other, `${rkey}gone`)),
          blockedPost(postUri(other, `${rkey}blocked`), other),
          bskyPost({ did: other, handle: "bo.bsky.social", rkey: `${rkey}c`, text: "Another root" }),
        ],
      }),
    );
    await link([{ kind: "bluesky", url: `https://bsky.app/profile/${handle}/post/${rkey}` }]);
    expect(await linkRow()).toMatchObject({ remote_root: postUri(BSKY_DID, rkey), error: null });
    const [a, b, c, ...rest] = remote(await read());
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      parentId: null,
      author: { name: "Bo" },
      source: {
        kind: "bluesky",
        url: `https://bsky.app/profile/bo.bsky.social/post/${rkey}a`,
        author: { name: "Bo", handle: "@bo.bsky.social", url: "https://bsky.app/profile/bo.bsky.social" },
      },
    });
    expect(a.html).toContain('<a href="https://example.com/x"');
    expect(a.html).toContain(`<a href="https://bsky.app/profile/${other}"`);
    expect(a.html).toContain("🎉");
    expect(b).toMatchObject({ parentId: a.id, author: { name: handle } });
    expect(b.html).toBe("<p>Nested &lt;b&gt;reply&lt;/b&gt;<br>\nline two</p>");
    expect(c).toMatchObject({ parentId: null, html: "<p>Another root</p>" });
    // The handle was resolved once; the next pull uses the stored at:// URI.
    const resolves = (await fakeLog()).filter((l) => l.includes(`resolveHandle?handle=${handle}`));
    expect(resolves).toHaveLength(1);
    await link([{ kind: "bluesky", url: `https://bsky.app/profile/${handle}/post/${rkey}` }]);
    expect((await fakeLog()).filter((l) => l.includes(`resolveHandle?handle=${handle}`))).toHaveLength(1);
  });

  it("dates a reply by the earlier of its record's createdAt and the AppView's indexedAt", async () => {
    const handle = await bskyHandle("cy");
    const rkey = `3k${freshId()}`;
    const reply = (suffix: string, text: string, createdAt: string, indexedAt: string) =>
      bskyPost({ did: BSKY_DID, handle, rkey: `${rkey}${suffix}`, text, createdAt, indexedAt });
    await putThread(
      postUri(BSKY_DID, rkey),
      bskyPost({
        did: BSKY_DID,
        handle,
        rkey,
        text: "The linked post",
        replies: [
          reply("a", "Written in March", "2025-03-01T00:00:00.000Z", "2025-03-01T00:00:05.000Z"),
          // A record claiming a time to come: the AppView saw it earlier than that.
          reply("b", "Claims the future", "2999-01-01T00:00:00.000Z", "2026-11-30T12:00:00.000Z"),
        ],
      }),
    );
    await link([{ kind: "bluesky", url: `https://bsky.app/profile/${handle}/post/${rkey}` }]);
    const [a, b] = remote(await read());
    expect(a).toMatchObject({ html: "<p>Written in March</p>", createdAt: "2025-03-01T00:00:00.000Z" });
    expect(b).toMatchObject({ html: "<p>Claims the future</p>", createdAt: "2026-11-30T12:00:00.000Z" });
  });

  it("leaves out a blocked source's replies and what is under them, and those pulled before go", async () => {
    const handle = await bskyHandle("me");
    const rkey = `3k${freshId()}`;
    const spammer = "did:plc:spamspamspamspamspamspam";
    await putThread(
      postUri(BSKY_DID, rkey),
      bskyPost({
        did: BSKY_DID,
        handle,
        rkey,
        text: "The linked post",
        replies: [
          bskyPost({
            did: spammer,
            handle: "deals.spam.example",
            rkey: `${rkey}s`,
            text: "Cheap pills",
            replies: [bskyPost({ did: BSKY_DID, handle, rkey: `${rkey}u`, text: "Under the spam" })],
          }),
          bskyPost({ did: BSKY_DID, handle, rkey: `${rkey}k`, text: "A real reply" }),
        ],
      }),
    );
    const linkUrl = `https://bsky.app/profile/${handle}/post/${rkey}`;
    await link([{ kind: "bluesky", url: linkUrl }]);
    const texts = async () => remote(await read()).map((c: any) => c.html);
    expect(await texts()).toEqual(["<p>Cheap pills</p>", "<p>Under the spam</p>", "<p>A real reply</p>"]);
    await adminJson("/sites/blog", { method: "PATCH", body: { blockedSources: ["spam.example"] } });
    await link([{ kind: "bluesky", url: linkUrl }]);
    expect(await texts()).toEqual(["<p>A real reply</p>"]);
  });

  it("a linked post that is itself deleted, or a handle that does not resolve, is the link's error", async () => {
    const rkey = `3k${freshId()}`;
    await putThread(postUri(BSKY_DID, rkey), notFoundPost(postUri(BSKY_DID, rkey)));
    await link([{ kind: "bluesky", url: `https://bsky.app/profile/${BSKY_DID}/post/${rkey}` }]);
    expect((await linkRow()).error).toBe("the linked post is deleted, blocked or not public");
    await link([{ kind: "bluesky", url: `https://bsky.app/profile/nobody${rkey}.example/post/${rkey}` }]);
    expect((await linkRow()).error).toMatch(/^the handle nobody.* could not be resolved/);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first<any>();
    expect(n.n).toBe(1);
  });
});

describe("when pulls run", () => {
  async function linkedNotPulled(root: string) {
    await putContext(root, [
      status({ id: freshId(), inReplyTo: root, user: "ana", content: "<p>Pulled</p>" }),
    ]);
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO social_links (id, thread_id, site_id, kind, url, created_at) VALUES ('l1', ?1, 'blog', 'mastodon', ?2, ?3)",
      ).bind(threadId, `https://${MASTODON_HOST}/@me/${root}`, new Date().toISOString()),
      env.DB.prepare("UPDATE threads SET social_pulled_at = '2020-01-01T00:00:00.000Z'"),
    ]);
  }

  it("a read of a thread whose copy is old pulls it after the answer, and a read of a fresh one does not", async () => {
    const root = freshId();
    await linkedNotPulled(root);
    const first = await read();
    // Not on the reader's request: the answer has no pulled reply yet…
    expect(remote(first)).toEqual([]);
    // …the work after it brought it in.
    expect(remote(await read()).map((c: any) => c.html)).toEqual(["<p>Pulled</p>"]);
    const asked = (await fakeLog()).filter((l) => l.includes(`/statuses/${root}/context`)).length;
    expect(asked).toBe(1);
    await read();
    expect((await fakeLog()).filter((l) => l.includes(`/statuses/${root}/context`)).length).toBe(1);
  });

  it("the daily cron pulls every thread whose copy is old", async () => {
    const root = freshId();
    await linkedNotPulled(root);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }),
      env as unknown as Bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(remote(await read()).map((c: any) => c.html)).toEqual(["<p>Pulled</p>"]);
    const row = await env.DB.prepare("SELECT social_pulled_at FROM threads").first<any>();
    expect(row.social_pulled_at > "2020").toBe(true);
  });
});
