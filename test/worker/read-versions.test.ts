// The version numbers behind the read cache (migration 0007): kept by triggers, starting at a
// random number, moved by exactly the columns a reader can see. A hot read does not consult them;
// a stored answer older than FRESH_SECONDS is revalidated against them (lib/read-cache.ts), which
// is what bounds the staleness of a change no write announced (an operator's SQL, another data
// centre).
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_COLUMNS } from "../../worker/src/db/comments.ts";
import { addSite, post, RESET_SQL } from "./helpers.ts";

const threadVersion = async () =>
  (await env.DB.prepare("SELECT version FROM threads WHERE page_key = '/2024/05/hello-world'").first<number>(
    "version",
  )) as number;
const countsVersion = async () =>
  (await env.DB.prepare("SELECT counts_version FROM sites WHERE id = 'blog'").first<number>(
    "counts_version",
  )) as number;

/** The `UPDATE OF` column list of a trigger, from the schema itself. */
async function updateOf(trigger: string): Promise<string[]> {
  const sql = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1")
    .bind(trigger)
    .first<string>("sql");
  const list = sql?.match(/UPDATE OF ([\s\S]+?) ON /)?.[1] ?? "";
  return list.split(",").map((c) => c.trim());
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("read versions", () => {
  it("move with every column of a public comment and of the public thread", async () => {
    const publicColumns = PUBLIC_COLUMNS.split(",").map((c) => c.trim().replace(/^c\./, ""));
    expect(publicColumns).toContain("html");
    const listed = await updateOf("comments_version_on_update");
    expect(publicColumns.filter((c) => !listed.includes(c))).toEqual([]);
    expect(await updateOf("threads_version_on_update")).toEqual([
      "page_key",
      "url",
      "title",
      "locked",
      "comment_count",
      "reactions",
      "mention_likes",
      "mention_reposts",
    ]);
  });

  it("do not move for columns no reader sees (the daily hash cleanup, the source text)", async () => {
    const id = (await post({ text: "x" })).json.comment.id;
    const before = await threadVersion();
    await env.DB.prepare(
      "UPDATE comments SET network_hash = NULL, text = 'y', moderation_reasons = '[]' WHERE id = ?1",
    )
      .bind(id)
      .run();
    expect(await threadVersion()).toBe(before);
    await env.DB.prepare("UPDATE comments SET likes = likes WHERE id = ?1").bind(id).run();
    expect(await threadVersion()).toBeGreaterThan(before);
  });

  it("start at a random number, so a thread or site made again never meets its old entries", async () => {
    await post({ text: "x" });
    const first = [await threadVersion(), await countsVersion()];
    await env.DB.exec(RESET_SQL);
    await addSite();
    await post({ text: "x" });
    const second = [await threadVersion(), await countsVersion()];
    expect(second[0]).not.toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    for (const n of [...first, ...second]) expect(Number.isSafeInteger(n) && n > 0).toBe(true);
  });
});
