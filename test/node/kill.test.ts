// kill -9 during 1,000 posts at 50 in parallel (the hard half of test/node/shutdown.test.ts):
// after a restart every comment answered 201 is in the file exactly once and the thread's count is
// exact; then each post that got no answer is sent again with its Idempotency-Key, and the file
// holds each of the 1,000 comments exactly once: a write that committed before the kill but was
// never answered is answered now, not written twice.
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { expect, it } from "vitest";
import { addSite, freshDir, postComment, startNode } from "./server.ts";

const POSTS = 1000;
const PARALLEL = 50;
const KILL_AFTER = 400;

type Answer = { status: number; id: string | null };

const text = (i: number) => `Comment number ${i} of the kill test, unique`;
const key = (i: number) => `kill-test-${i}-0123456789`;

async function post(url: string, i: number): Promise<Answer> {
  try {
    const res = await postComment(url, text(i), {}, { "Idempotency-Key": key(i) });
    return { status: res.status, id: res.status === 201 ? ((await res.json()) as any).comment.id : null };
  } catch {
    return { status: 0, id: null };
  }
}

/** Posts `which` at PARALLEL at a time; `stop` ends the pulling (the rest stay unsent). */
async function postAll(url: string, which: number[], answers: Map<number, Answer>, stop = () => false) {
  let next = 0;
  const worker = async () => {
    while (next < which.length && !stop()) {
      const i = which[next++] as number;
      answers.set(i, await post(url, i));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

function stored(dir: string) {
  const db = new DatabaseSync(join(dir, "data", "confab.sqlite"), { readOnly: true });
  try {
    const rows = db.prepare("SELECT id, text FROM comments").all() as { id: string; text: string }[];
    const { n } = db.prepare("SELECT comment_count AS n FROM threads").get() as { n: number };
    return { rows, count: n };
  } finally {
    db.close();
  }
}

it("kill -9 during 1,000 posts at 50 in parallel loses no answered comment and duplicates none", async () => {
  const dir = freshDir();
  const first = await startNode(dir);
  await addSite(first.url);
  const answers = new Map<number, Answer>();
  let killed: Promise<number | null> | null = null;
  const ok = () => [...answers.values()].filter((a) => a.status === 201).length;
  await postAll(
    first.url,
    Array.from({ length: POSTS }, (_, i) => i),
    answers,
    () => {
      if (!killed && ok() >= KILL_AFTER) killed = first.stop("SIGKILL");
      return killed !== null;
    },
  );
  expect(await killed).toBe(null);
  const answered = new Map(
    [...answers].filter(([, a]) => a.status === 201).map(([i, a]) => [i, a.id as string]),
  );
  // Each request was answered 201 or never answered (the process died): nothing else.
  expect([...answers.values()].every((a) => a.status === 201 || a.status === 0)).toBe(true);
  expect(answered.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(answered.size).toBeLessThan(POSTS);

  const second = await startNode(dir);
  const after = stored(dir);
  const ids = after.rows.map((r) => r.id);
  for (const id of answered.values()) expect(ids.filter((x) => x === id)).toHaveLength(1);
  // At most the writes in flight at the kill committed unanswered; the count is exact.
  expect(after.rows.length - answered.size).toBeGreaterThanOrEqual(0);
  expect(after.rows.length - answered.size).toBeLessThanOrEqual(PARALLEL);
  expect(after.count).toBe(after.rows.length);
  console.log(`answered ${answered.size}, stored ${after.rows.length}`);
  expect(new Set(after.rows.map((r) => r.text)).size).toBe(after.rows.length);

  // Every post not answered 201, again with its key: each is answered 201, none written twice.
  const rest = Array.from({ length: POSTS }, (_, i) => i).filter((i) => !answered.has(i));
  const retried = new Map<number, Answer>();
  await postAll(second.url, rest, retried);
  expect([...retried.values()].every((a) => a.status === 201)).toBe(true);
  // A comment that committed unanswered before the kill is the answer now, not a second one.
  const byText = new Map(after.rows.map((r) => [r.text, r.id]));
  for (const [i, a] of retried) if (byText.has(text(i))) expect(a.id).toBe(byText.get(text(i)));
  expect(await second.stop()).toBe(0);

  const final = stored(dir);
  expect(final.rows).toHaveLength(POSTS);
  expect(new Set(final.rows.map((r) => r.text)).size).toBe(POSTS);
  expect(final.count).toBe(POSTS);
}, 90_000);
