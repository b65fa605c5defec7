// The page walk (migration 0014): the `walk` mark of every visible comment stays what its
// definition says whatever writes the comment, and the page read by the walk is the discussion.
// Marked = an unpinned root, or a reply among the first 100 visible replies (path order) of a
// visible unpinned root.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/limits.ts";
import { wxrFile } from "../fixtures/import-files.ts";
import { ARTICLE, addSite, adminJson, api, getThread, post, RESET_SQL } from "./helpers.ts";

const VISIBLE = "('approved', 'deleted')";

/** Visible comments whose stored mark differs from the definition. */
async function wrongMarks(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT c.id FROM comments c WHERE c.status IN ${VISIBLE} AND c.walk IS NOT CASE
       WHEN c.parent_id IS NULL THEN c.pinned = 0
       ELSE EXISTS (SELECT 1 FROM comments r WHERE r.id = c.root_id AND r.pinned = 0 AND r.status IN ${VISIBLE})
         AND (SELECT COUNT(*) FROM comments x WHERE x.root_id = c.root_id AND x.parent_id IS NOT NULL
           AND x.status IN ${VISIBLE} AND x.path < c.path) < ${LIMITS.repliesPerRoot} END`,
  ).all<{ id: string }>();
  return results.map((r) => r.id);
}

const page = async (sort = "oldest") =>
  (await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}&sort=${sort}`)).json;

const ids = (p: any) => p.comments.map((c: any) => c.id);

/** Replies inserted straight into the table (as an import or a bulk tool would): `n` under `root`. */
async function insertReplies(root: { id: string; threadId: string }, n: number, from = 0): Promise<string[]> {
  const made: string[] = [];
  const now = new Date().toISOString();
  for (let i = from; i < from + n; i++) {
    const id = `${root.id}r${String(i).padStart(4, "0")}`;
    made.push(id);
    await env.DB.prepare(
      `INSERT INTO comments (id, thread_id, site_id, parent_id, root_id, path, depth, status, avatar_seed,
         text, html, renderer_version, created_at, updated_at)
       VALUES (?1, ?2, 'blog', ?3, ?3, ?3 || '/' || ?1, 1, 'approved', 'seed', 'r', '<p>r</p>', 1, ?4, ?4)`,
    )
      .bind(id, root.threadId, root.id, now)
      .run();
  }
  return made;
}

const rootWith = async (text: string) => {
  const { json } = await post({ text, author: { name: "Ann" } });
  const row = await env.DB.prepare("SELECT thread_id FROM comments WHERE id = ?1")
    .bind(json.comment.id)
    .first<{ thread_id: string }>();
  return { id: json.comment.id, threadId: row?.thread_id ?? "" };
};

const patch = (id: string | undefined, body: object) =>
  adminJson(`/comments/${id}`, { method: "PATCH", body });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("the walk marks follow every write", () => {
  it("posts, holds, approvals, pins, spam and removals of a root with more replies than a page inlines", async () => {
    const a = await rootWith("root a");
    const viaApi = [];
    for (let i = 0; i < 2; i++)
      viaApi.push((await post({ text: `reply ${i}`, parentId: a.id })).json.comment.id);
    const bulk = await insertReplies(a, 101);
    const b = await rootWith("root b");
    expect(await wrongMarks()).toEqual([]);
    const all = [...viaApi, ...bulk].sort();
    expect(ids(await page())).toEqual([a.id, ...all.slice(0, 100), b.id]);

    // Holding the first reply lets the 101st in; approving it again pushes it out.
    await patch(all[0], { status: "pending" });
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([a.id, ...all.slice(1, 101), b.id]);
    await patch(all[0], { status: "approved" });
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([a.id, ...all.slice(0, 100), b.id]);

    // Bulk moderation of several at once.
    await adminJson("/comments/bulk", { method: "POST", body: { ids: all.slice(0, 3), status: "spam" } });
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([a.id, ...all.slice(3, 103), b.id]);
    await adminJson("/comments/bulk", { method: "POST", body: { ids: all.slice(0, 3), status: "approved" } });

    // A pinned root is read apart (first, with its replies); unpinned it is walked again.
    await patch(b.id, { pinned: true });
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([b.id, a.id, ...all.slice(0, 100)]);
    await patch(a.id, { pinned: true });
    expect(await wrongMarks()).toEqual([]);
    await patch(a.id, { pinned: false });
    await patch(b.id, { pinned: false });
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([a.id, ...all.slice(0, 100), b.id]);

    // A root marked spam takes its subtree out of the walk; approved, it comes back.
    await patch(a.id, { status: "spam" });
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([b.id]);
    await patch(a.id, { status: "approved" });
    expect(await wrongMarks()).toEqual([]);

    // Erased for good (admin DELETE), and a row removed by SQL: the next reply moves up.
    await adminJson(`/comments/${all[1]}`, { method: "DELETE" });
    await env.DB.prepare("DELETE FROM comments WHERE id = ?1").bind(all[2]).run();
    expect(await wrongMarks()).toEqual([]);
    expect(ids(await page())).toEqual([a.id, all[0], ...all.slice(3, 102), b.id]);
  });

  it("the newest order walks the same rows, roots newest first, each subtree in path order", async () => {
    const a = await rootWith("a");
    const ra = await insertReplies(a, 3);
    const b = await rootWith("b");
    const rb = await insertReplies(b, 2);
    const c = await rootWith("c");
    expect(ids(await page("newest"))).toEqual([c.id, b.id, ...rb, a.id, ...ra]);
    // Pages of one root: the cursor walks down through older roots with their replies.
    const first = (await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}&sort=newest&limit=1`)).json;
    expect(ids(first)).toEqual([c.id]);
    const second = (
      await getThread(
        `site=blog&url=${encodeURIComponent(ARTICLE)}&sort=newest&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`,
      )
    ).json;
    expect(ids(second)).toEqual([b.id, ...rb]);
  });

  it("imports and merges keep the marks", async () => {
    const res = await api("/api/v1/admin/import?site=blog&format=wxr", {
      method: "POST",
      headers: { Authorization: "Bearer test-admin-token", "Content-Type": "application/xml" },
      body: wxrFile({ posts: 2, comments: 40 }).text,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).comments).toBeGreaterThan(0);
    expect(await wrongMarks()).toEqual([]);

    const threads = await env.DB.prepare("SELECT id FROM threads ORDER BY id").all<{ id: string }>();
    expect(threads.results.length).toBe(2);
    const [from, into] = threads.results.map((t) => t.id);
    const before = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM comments WHERE thread_id IN (?1, ?2) AND status IN ${VISIBLE}`,
    )
      .bind(from, into)
      .first<number>("n");
    await adminJson(`/threads/${from}/merge`, { method: "POST", body: { into } });
    expect(await wrongMarks()).toEqual([]);
    const walked = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM comments WHERE thread_id = ?1 AND status IN ${VISIBLE} AND walk = 1`,
    )
      .bind(into)
      .first<number>("n");
    // No root of the generated file has over 100 replies, and none is pinned: all are walked.
    expect(walked).toBe(before);
  });
});
