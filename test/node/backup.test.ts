// `npm run confab -- backup <file>` against a running Node server with writes under way: the copy
// is one consistent state (every thread's count matches its comments, each comment in it is in the
// live file), passes SQLite's check, serves as a restored database, and an existing file is
// refused untouched.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { addSite, freshDir, postComment, startNode, thread } from "./server.ts";

const CLI = fileURLToPath(new URL("../../worker/scripts/confab.ts", import.meta.url));
const exec = promisify(execFile);

function confab(cwd: string, ...args: string[]) {
  return exec(process.execPath, ["--disable-warning=ExperimentalWarning", CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: join(cwd, "data") },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e) => ({ code: e.code as number, out: String(e.stdout) + String(e.stderr) }),
  );
}

function read(file: string) {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const ids = db
      .prepare("SELECT id FROM comments")
      .all()
      .map((r) => String(r.id));
    const counts = db
      .prepare(
        "SELECT t.comment_count AS kept, (SELECT count(*) FROM comments c WHERE c.thread_id = t.id AND c.status = 'approved') AS real FROM threads t",
      )
      .all();
    return { ids, counts };
  } finally {
    db.close();
  }
}

describe("backup of a live database", () => {
  it("copies one consistent state while writes are under way, and the copy restores", async () => {
    const dir = freshDir();
    const server = await startNode(dir);
    await addSite(server.url);
    let posting = true;
    let written = 0;
    let sent = 0;
    const writer = async () => {
      while (posting) {
        // A number of its own per post: the duplicate check refuses a text repeated.
        const res = await postComment(server.url, `A comment written during the backup, ${sent++}`);
        expect(res.status).toBe(201);
        written++;
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (written < 50) await new Promise((r) => setTimeout(r, 20));
    const file = join(dir, "copy.sqlite");
    const made = await confab(dir, "backup", file);
    const duringBackup = written;
    posting = false;
    await Promise.all(writers);
    expect(made.out).toMatch(/^backup .*copy\.sqlite: \d+ bytes, \d+ migrations, integrity ok\n$/);
    expect(made.code).toBe(0);

    const copy = read(file);
    const live = read(join(dir, "data", "confab.sqlite"));
    expect(copy.ids.length).toBeGreaterThanOrEqual(50);
    expect(copy.ids.length).toBeLessThanOrEqual(duringBackup + 8);
    expect(live.ids.length).toBe(written);
    expect(copy.ids.every((id) => live.ids.includes(id))).toBe(true);
    expect(copy.counts.every((c) => c.kept === c.real)).toBe(true);
    expect(copy.counts).toEqual([{ kept: copy.ids.length, real: copy.ids.length }]);
    expect(await server.stop()).toBe(0);

    // Restore, as docs/self-host.md says: the copy as DATA_DIR/confab.sqlite, no -wal or -shm.
    const restored = freshDir();
    mkdirSync(join(restored, "data"));
    copyFileSync(file, join(restored, "data", "confab.sqlite"));
    const again = await startNode(restored);
    const page = await thread(again.url);
    expect(page.thread.commentCount).toBe(copy.ids.length);
    expect(page.comments.length).toBeGreaterThan(0);
    expect(again.lines.some((l) => l.includes("migrations applied"))).toBe(false);
    expect(await again.stop()).toBe(0);
  });

  it("refuses a file that exists and a data folder without a database, changing nothing", async () => {
    const dir = freshDir();
    const server = await startNode(dir);
    const file = join(dir, "taken.sqlite");
    writeFileSync(file, "keep me");
    const refused = await confab(dir, "backup", file);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("taken.sqlite exists: choose a new file, nothing is overwritten");
    expect(readFileSync(file, "utf8")).toBe("keep me");
    expect(await server.stop()).toBe(0);

    const empty = freshDir();
    const none = await confab(empty, "backup", join(empty, "x.sqlite"));
    expect(none.code).toBe(1);
    expect(none.out).toContain("no database at");
    const usage = await confab(empty, "backup");
    expect(usage.code).toBe(2);
    expect(usage.out).toContain("backup needs <file>");
  });
});
