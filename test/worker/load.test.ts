// Load without loss: 1,000 comments, 50 at a time, across 20 threads of one site, with random
// replies. Afterwards every comment is there exactly once, every parent link holds, and every
// counter equals what is stored.
import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { addSite, BLOG, post, RESET_SQL } from "./helpers.ts";

const TOTAL = 1_000;
const PARALLEL = 50;
const THREADS = 20;

// A fixed seed: a failure can be replayed exactly.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

beforeAll(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

it("keeps every one of 1,000 parallel comments, links and counts", { timeout: 120_000 }, async () => {
  const byThread: string[][] = Array.from({ length: THREADS }, () => []);
  const sent: { id: string; parentId: string | null; thread: number; text: string }[] = [];
  for (let start = 0; start < TOTAL; start += PARALLEL) {
    const wave = Array.from({ length: PARALLEL }, (_, i) => {
      const n = start + i;
      const thread = Math.floor(random() * THREADS);
      const known = byThread[thread] ?? [];
      const parentId =
        known.length > 0 && random() < 0.6 ? (known[Math.floor(random() * known.length)] ?? null) : null;
      const text = `comment ${n} in thread ${thread}`;
      return post(
        { url: `${BLOG}/load/${thread}`, text, parentId },
        { "CF-Connecting-IP": `198.18.${n % 256}.1` },
      ).then(({ res, json }) => {
        expect(res.status, JSON.stringify(json)).toBe(201);
        sent.push({ id: json.comment.id, parentId, thread, text });
      });
    });
    await Promise.all(wave);
    for (const s of sent.slice(start)) byThread[s.thread]?.push(s.id);
  }

  expect(sent).toHaveLength(TOTAL);
  const rows = (
    await env.DB.prepare(
      "SELECT id, parent_id, text, thread_id, status, reply_count FROM comments",
    ).all<any>()
  ).results;
  expect(rows).toHaveLength(TOTAL);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const s of sent) {
    const row = byId.get(s.id);
    expect(row?.text).toBe(s.text);
    expect(row?.parent_id).toBe(s.parentId);
    if (s.parentId) expect(byId.get(s.parentId)?.thread_id).toBe(row?.thread_id);
  }
  const threads = (await env.DB.prepare("SELECT id, comment_count FROM threads").all<any>()).results;
  expect(threads).toHaveLength(new Set(sent.map((s) => s.thread)).size);
  for (const t of threads) {
    expect(t.comment_count).toBe(rows.filter((r) => r.thread_id === t.id && r.status === "approved").length);
  }
  for (const r of rows) {
    expect(r.reply_count).toBe(rows.filter((c) => c.parent_id === r.id).length);
  }
});
