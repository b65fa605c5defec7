// An author's edit is judged like a post: the moderation mode, blocked words, the link limit and
// Akismet run again on the new text; a held edit goes back to the queue, and once a moderator has
// acted the author can no longer change the comment. Also: idempotent replays must match.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ARTICLE,
  addSite,
  adminJson,
  api,
  BLOG,
  expectError,
  getThread,
  post,
  RESET_SQL,
  reasonsOf,
  signedIn,
  snapshot,
} from "./helpers.ts";

const q = `site=blog&url=${encodeURIComponent(ARTICLE)}`;
const edit = (id: string, token: string, text: string) =>
  api(`/api/v1/comments/${id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json", Origin: BLOG, Authorization: `Bearer ${token}` },
    body: JSON.stringify({ text }),
  });
const fiftyLinks = Array.from({ length: 50 }, (_, i) => `https://spam${i}.example`).join(" ");

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
});

describe("an author's edit", () => {
  it.each(["links", "first"] as const)(
    "on a `%s` site: approved 'hello', then 50 links edited in, goes back to the queue and says so",
    async (mode) => {
      await addSite("blog", [BLOG], mode);
      // Signed in, so that under `first` her approved comment lets the next one through.
      const ann = { Authorization: `Bearer ${(await signedIn("blog", { email: "ann@example.com" })).token}` };
      const { json } = await post({ text: "hello" }, ann);
      if (json.comment.status === "pending")
        await adminJson(`/comments/${json.comment.id}`, { method: "PATCH", body: { status: "approved" } });
      // A fresh token holder edits; a moderator's approval above closes the window, so post again.
      const author = mode === "first" ? (await post({ text: "hello again" }, ann)).json : json;
      expect(author.comment.status).toBe("approved");
      expect((await getThread(q)).json.comments.map((c: any) => c.id)).toContain(author.comment.id);

      const res = await edit(author.comment.id, author.editToken, `now look: ${fiftyLinks}`);
      expect(res.status).toBe(200);
      const answer = (await res.json()) as any;
      expect(answer.comment.status).toBe("pending");
      const page = (await getThread(q)).json;
      expect(page.comments.map((c: any) => c.id)).not.toContain(author.comment.id);
      expect(await reasonsOf(author.comment.id)).toContain(
        "after an edit: spam check: 50 links (site allows 2)",
      );
      const queue = await adminJson("/comments?site=blog&status=pending");
      expect(queue.comments.map((c: any) => c.id)).toContain(author.comment.id);
    },
  );

  it("re-runs the blocked words on what readers will see", async () => {
    await addSite();
    await adminJson("/sites/blog", { method: "PATCH", body: { blockedWords: ["casino"] } });
    const { json } = await post({ text: "harmless" });
    const answer = (await (
      await edit(json.comment.id, json.editToken, "visit the c&#97;sino")
    ).json()) as any;
    expect(answer.comment.status).toBe("pending");
    expect(await reasonsOf(json.comment.id)).toEqual(["after an edit: spam check: blocked word: casino"]);
    expect((await getThread(q)).json.thread.commentCount).toBe(0);
  });

  it("re-runs Akismet (recheck) on the new text", async () => {
    await addSite();
    const { json } = await post({ text: "fine" });
    const answer = (await (
      await edit(json.comment.id, json.editToken, "this is blatant spam")
    ).json()) as any;
    expect(answer.error?.code).toBe("forbidden");
    expect(
      await env.DB.prepare("SELECT text FROM comments WHERE id = ?1").bind(json.comment.id).first("text"),
    ).toBe("fine");
  });

  it("under `all`, every edit waits for a moderator again", async () => {
    await addSite("blog", [BLOG], "all");
    const { json } = await post({ text: "held" });
    const body = (await (await edit(json.comment.id, json.editToken, "held, edited")).json()) as any;
    expect(body.comment.status).toBe("pending");
    expect(await reasonsOf(json.comment.id)).toEqual([
      "moderation: all comments are held",
      "after an edit: moderation: all comments are held",
    ]);
  });

  it("is refused once a moderator acted on the comment (approve, pin or edit), changing nothing", async () => {
    await addSite();
    for (const decision of [{ status: "approved" }, { pinned: true }, { text: "tidied by a moderator" }]) {
      const { json } = await post({ text: `mine ${JSON.stringify(decision)}` });
      await adminJson(`/comments/${json.comment.id}`, { method: "PATCH", body: decision });
      const before = await snapshot();
      await expectError(
        await edit(json.comment.id, json.editToken, "swapped text"),
        403,
        "edit_window_closed",
      );
      await expectError(
        await api(`/api/v1/comments/${json.comment.id}`, {
          method: "DELETE",
          headers: { Origin: BLOG, Authorization: `Bearer ${json.editToken}` },
        }),
        403,
        "edit_window_closed",
      );
      expect(await snapshot()).toBe(before);
    }
  });
});

describe("idempotent posts", () => {
  it("answer 409 idempotency_mismatch when the same key comes with another body, writing nothing", async () => {
    await addSite();
    const key = { "Idempotency-Key": "key-0123456789" };
    const first = await post({ text: "the original" }, key);
    expect(first.res.status).toBe(201);
    const same = await post({ text: "the original" }, key);
    expect(same.json.editToken).toBe(first.json.editToken);
    // The widget's retry after a network error: same comment, the form open longer.
    const retry = await post({ text: "the original", elapsedMs: 99_000 }, key);
    expect([retry.res.status, retry.json.comment?.id]).toEqual([201, first.json.comment.id]);
    const before = await snapshot();
    const other = await post({ text: "give me the token" }, key);
    expect([other.res.status, other.json.error?.code]).toEqual([409, "idempotency_mismatch"]);
    expect(JSON.stringify(other.json)).not.toContain(first.json.editToken);
    expect(await snapshot()).toBe(before);
  });
});
