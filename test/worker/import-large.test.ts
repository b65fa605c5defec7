// Large imports: a WordPress export of several megabytes streams in batches within D1's limits
// and stores the tree of the file with right counters; a Disqus reply before its parent is held
// across batches; and the CLI's parts (worker/scripts/import-parts.ts), sent one request each,
// give what the whole file gives.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { splitImport } from "../../worker/scripts/import-parts.ts";
import { type DisqusPost, disqusFile, wxrFile } from "../fixtures/import-files.ts";
import { fetchApp } from "./app-fetch.ts";
import { type D1Record, recordingD1 } from "./d1-recorder.ts";
import { addSite, admin, OPERATOR, RESET_SQL, snapshot } from "./helpers.ts";
import { consistency, treeOf } from "./import-checks.ts";

async function importRecorded(format: string, body: string, site = "blog") {
  const log: D1Record = { statements: [], trips: 0 };
  const res = await fetchApp(
    `/api/v1/admin/import?site=${site}&format=${format}`,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${OPERATOR}`, "Content-Type": "text/plain" },
      body,
    },
    { vars: { DB: recordingD1(env.DB, log) } },
  );
  expect(res.status).toBe(200);
  return { result: (await res.json()) as any, log };
}

const importAs = (format: string, body: string) =>
  admin(`/import?site=blog&format=${format}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "text/plain" },
  });

/** Results of several requests, summed as the CLI sums its parts. */
async function importParts(format: string, parts: string[]) {
  const total = { threads: 0, comments: 0, skipped: 0, errors: [] as unknown[] };
  for (const part of parts) {
    const r = (await (await importAs(format, part)).json()) as typeof total;
    total.threads += r.threads;
    total.comments += r.comments;
    total.skipped += r.skipped;
    total.errors.push(...r.errors);
  }
  return total;
}

const batchesOf = (log: D1Record) => log.statements.filter((s) => s.sql.includes("SET comment_count")).length;

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("a WordPress export of several megabytes", () => {
  const gen = wxrFile({ posts: 60, comments: 55, words: 60 });

  it("imports in batches within D1's limits, as the tree of the file, and adds nothing the second time", {
    timeout: 60_000,
  }, async () => {
    expect(gen.text.length).toBeGreaterThan(3_000_000);
    const { result, log } = await importRecorded("wxr", gen.text);
    expect(result).toEqual({ threads: 60, comments: gen.comments, skipped: gen.skipped, errors: [] });
    expect(gen.comments).toBe(3000);

    // Streamed: written in several batches (about 500 comments each), not at the end in one go.
    expect(batchesOf(log)).toBeGreaterThanOrEqual(6);
    expect(batchesOf(log)).toBeLessThanOrEqual(12);
    // D1: at most 100 bound parameters and 100 KB a statement, far from 1,000 queries a request.
    expect(Math.max(...log.statements.map((s) => s.params))).toBeLessThanOrEqual(100);
    expect(Math.max(...log.statements.map((s) => s.largest))).toBeLessThanOrEqual(100_000);
    expect(log.statements.length).toBeLessThan(300);
    expect(log.trips).toBeLessThan(60);

    await consistency();
    expect(await treeOf("blog")).toEqual(gen.parents);
    const depth = await env.DB.prepare("SELECT MAX(depth) AS d FROM comments").first<{ d: number }>();
    expect(depth?.d).toBeGreaterThanOrEqual(3);

    const before = await snapshot();
    const again = await importRecorded("wxr", gen.text);
    expect(again.result).toEqual({
      threads: 0,
      comments: 0,
      skipped: gen.comments + gen.skipped,
      errors: [],
    });
    expect(await snapshot()).toBe(before);
    expect(again.log.statements.length).toBeLessThan(100);
  });

  it("gives the same through the CLI's parts, one request each", { timeout: 60_000 }, async () => {
    const small = wxrFile({ posts: 20, comments: 12 });
    const parts = splitImport(small.text, "wxr", 20_000);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(part.startsWith('<?xml version="1.0" encoding="UTF-8" ?>')).toBe(true);
      expect(part.endsWith("</channel>\n</rss>\n")).toBe(true);
    }
    expect(await importParts("wxr", parts)).toEqual({
      threads: 20,
      comments: small.comments,
      skipped: small.skipped,
      errors: [],
    });
    await consistency();
    expect(await treeOf("blog")).toEqual(small.parents);
  });
});

describe("a Disqus export", () => {
  // Three threads of 1,200 posts in all, each reply after its parent, but with a reply (and its
  // own reply) at the very start whose parent is the last post of the file, a post of a thread
  // listed after the posts, and a reply to a post that is nowhere.
  const filler: DisqusPost[] = Array.from({ length: 1200 }, (_, i) => ({
    id: `f${i}`,
    thread: ["a", "b", "c"][i % 3] as string,
    parent: i >= 3 && i % 4 !== 0 ? `f${i - 3}` : undefined,
    words: 40,
  }));
  const posts: DisqusPost[] = [
    { id: "early", thread: "a", parent: "last" },
    { id: "early2", thread: "a", parent: "early" },
    ...filler,
    { id: "w1", thread: "late" },
    { id: "orphan", thread: "b", parent: "nowhere" },
    { id: "last", thread: "a" },
  ];
  const text = disqusFile(["a", "b", "c", "late"], posts, { threadsLast: ["late"] });
  const expected = {
    threads: 4,
    comments: posts.length,
    skipped: 0,
    errors: [
      {
        entry: "comment disqus:orphan",
        reason: "its parent is not in the file (disqus:nowhere): imported at the top level",
      },
    ],
  };

  it("holds a reply whose parent comes batches later and links it at the end", {
    timeout: 60_000,
  }, async () => {
    const { result, log } = await importRecorded("disqus", text);
    expect(result).toEqual(expected);
    expect(batchesOf(log)).toBeGreaterThanOrEqual(3);
    const tree = await treeOf("blog");
    expect(tree.get("disqus:early")).toBe("disqus:last");
    expect(tree.get("disqus:early2")).toBe("disqus:early");
    expect(tree.get("disqus:f7")).toBe("disqus:f4");
    expect(tree.get("disqus:w1")).toBeNull();
    expect(tree.get("disqus:orphan")).toBeNull();
    await consistency();
    const last = await env.DB.prepare(
      "SELECT reply_count, depth FROM comments WHERE source_id = 'disqus:last'",
    ).first();
    expect(last).toEqual({ reply_count: 1, depth: 0 });

    expect((await importRecorded("disqus", text)).result).toEqual({
      threads: 0,
      comments: 0,
      skipped: expected.comments,
      errors: [],
    });
  });

  it("gives the same through the CLI's parts, a reply finding its parent from an earlier request", {
    timeout: 60_000,
  }, async () => {
    await importRecorded("disqus", text);
    const whole = await treeOf("blog");
    await env.DB.exec(RESET_SQL);
    await addSite();

    const parts = splitImport(text, "disqus", 60_000);
    expect(parts.length).toBeGreaterThanOrEqual(5);
    for (const part of parts) {
      expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(60_000);
      expect(part).toContain('<disqus xmlns="http://disqus.com"');
      expect(part.trimEnd().endsWith("</disqus>")).toBe(true);
    }
    // Thread a is bigger than one part: its replies are spread over parts after their parents.
    expect(parts.filter((p) => p.includes('<thread dsq:id="a"><id />')).length).toBeGreaterThan(1);
    expect(await importParts("disqus", parts)).toEqual(expected);
    expect(await treeOf("blog")).toEqual(whole);
    await consistency();
  });
});

describe("a Confab export", () => {
  it("comes back the same through the CLI's parts, the site and its bans in the first", {
    timeout: 60_000,
  }, async () => {
    const gen = wxrFile({ posts: 12, comments: 30, words: 20 });
    await importAs("wxr", gen.text);
    await admin("/bans", {
      method: "POST",
      body: { site: "blog", kind: "email", value: "troll@example.com", reason: "r" },
    });
    const file = await (await admin("/export?site=blog")).text();
    await env.DB.exec(RESET_SQL);

    const parts = splitImport(file, "confab", 40_000);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    const first = JSON.parse(parts[0] as string);
    expect(first).toMatchObject({ format: "confab-export", version: 1, site: { id: "blog" }, threads: [] });
    expect(first.bans).toHaveLength(1);
    for (const part of parts.slice(1)) expect(JSON.parse(part).bans).toEqual([]);
    expect(await importParts("confab", parts)).toEqual({
      threads: 12,
      comments: gen.comments,
      skipped: 0,
      errors: [],
    });
    expect(await (await admin("/export?site=blog")).text()).toBe(file);
    await consistency();
  });
});
