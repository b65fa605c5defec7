// Database files the server cannot use, at start: a lock another process holds, a read-only file,
// a read-only folder. Each: one clear fatal line, exit code 1, no "listening", and the file's
// schema and migration record unchanged. (A newer schema: test/node/migrations.test.ts.)
import { chmodSync, chownSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { freshDir, runToExit, startNode, type User } from "./server.ts";

const fileOf = (dir: string) => join(dir, "data", "confab.sqlite");

function schemaOf(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();
    const applied = db.prepare("SELECT id, name FROM d1_migrations ORDER BY id").all();
    return JSON.stringify({ schema, applied });
  } finally {
    db.close();
  }
}

/** A data folder with a migrated database, the server stopped. */
async function made(): Promise<string> {
  const dir = freshDir();
  expect(await (await startNode(dir)).stop()).toBe(0);
  return dir;
}

/** As root, file modes do not bind: the server runs as `nobody`, who owns the folder. */
function asOwner(dir: string): User | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const nobody = { uid: 65534, gid: 65534 };
  for (const p of [
    dir,
    join(dir, "data"),
    ...readdirSync(join(dir, "data")).map((f) => join(dir, "data", f)),
  ])
    chownSync(p, nobody.uid, nobody.gid);
  return nobody;
}

function fatal(output: string): Record<string, unknown> {
  const lines = output.split("\n").filter((l) => l.includes('"level":"fatal"'));
  expect(lines).toHaveLength(1);
  expect(output).not.toContain('"msg":"listening"');
  return JSON.parse(lines[0] ?? "{}");
}

describe("bad database files at start", () => {
  it("a database another process holds an exclusive lock on", async () => {
    const dir = await made();
    const before = schemaOf(fileOf(dir));
    const holder = new DatabaseSync(fileOf(dir));
    holder.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x); COMMIT");
    try {
      const { code, output } = await runToExit(dir);
      expect(code).toBe(1);
      expect(fatal(output).msg).toMatch(/^Cannot use .*confab\.sqlite: another process holds a lock on it/);
    } finally {
      holder.exec("DROP TABLE held");
      holder.close();
    }
    expect(schemaOf(fileOf(dir))).toBe(before);
    // Once the lock is gone, the same file serves.
    expect(await (await startNode(dir)).stop()).toBe(0);
  });

  it("a data folder another Confab server is using; free again once it ends, even by kill -9", async () => {
    const dir = freshDir();
    const first = await startNode(dir);
    const before = schemaOf(fileOf(dir));
    const { code, output } = await runToExit(dir);
    expect(code).toBe(1);
    expect(fatal(output).msg).toMatch(/^Another Confab server is using .*data \(it holds .*confab\.lock\)/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(schemaOf(fileOf(dir))).toBe(before);
    expect(await first.stop("SIGKILL")).toBe(null);
    // The kernel freed the lock with the process: the next start takes it.
    expect(await (await startNode(dir)).stop()).toBe(0);
  });

  it("a read-only database file", async () => {
    const dir = await made();
    const before = schemaOf(fileOf(dir));
    const user = asOwner(dir);
    chmodSync(fileOf(dir), 0o444);
    const { code, output } = await runToExit(dir, {}, user);
    expect(code).toBe(1);
    expect(fatal(output).msg).toMatch(/^Cannot write .*confab\.sqlite: the file or its folder is read-only/);
    expect(schemaOf(fileOf(dir))).toBe(before);
  });

  it("a read-only data folder", async () => {
    const dir = await made();
    const before = schemaOf(fileOf(dir));
    const user = asOwner(dir);
    chmodSync(join(dir, "data"), 0o555);
    const { code, output } = await runToExit(dir, {}, user);
    chmodSync(join(dir, "data"), 0o755);
    expect(code).toBe(1);
    expect(fatal(output).msg).toMatch(/^Cannot write .*confab\.sqlite: the file or its folder is read-only/);
    expect(schemaOf(fileOf(dir))).toBe(before);
  });
});
