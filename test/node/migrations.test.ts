// The worker's migrations applied at start (worker/node/migrations.ts): in order, recorded as
// wrangler records them, each whole or not at all, and a newer database refused untouched.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { NodeD1 } from "../../worker/node/d1.ts";
import { MIGRATIONS_DIR, migrate, migrationNames, SchemaError } from "../../worker/node/migrations.ts";
import { freshDir, runToExit, startNode } from "./server.ts";

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

describe("migrations at start", () => {
  it("a fresh file gets every migration in order, in WAL mode; a restart applies none", async () => {
    const dir = freshDir();
    const first = await startNode(dir);
    expect(await first.stop()).toBe(0);
    const logged = first.lines.map((l) => JSON.parse(l)).find((l) => l.msg === "migrations applied");
    expect(logged?.migrations).toEqual(migrationNames());
    expect(logged.migrations.length).toBeGreaterThanOrEqual(10);

    const db = new DatabaseSync(fileOf(dir));
    expect(
      db
        .prepare("SELECT name FROM d1_migrations ORDER BY id")
        .all()
        .map((r) => r.name),
    ).toEqual(migrationNames());
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();

    const before = schemaOf(fileOf(dir));
    const second = await startNode(dir);
    expect(await second.stop()).toBe(0);
    expect(second.lines.some((l) => l.includes("migrations applied"))).toBe(false);
    expect(schemaOf(fileOf(dir))).toBe(before);
  });

  it("refuses a database from a newer schema with a clear message, and changes nothing", async () => {
    const dir = freshDir();
    expect(await (await startNode(dir)).stop()).toBe(0);
    const db = new DatabaseSync(fileOf(dir));
    db.prepare("INSERT INTO d1_migrations (name) VALUES ('9999_from_the_future.sql')").run();
    db.close();
    const before = schemaOf(fileOf(dir));

    const { code, output } = await runToExit(dir);
    expect(code).toBe(1);
    expect(output).toContain("newer Confab");
    expect(output).toContain("9999_from_the_future.sql");
    expect(output).not.toContain("listening");
    expect(schemaOf(fileOf(dir))).toBe(before);
  });

  it("a migration that fails leaves nothing of itself, and the ones before it stay applied", () => {
    const dir = freshDir();
    const migrations = join(dir, "migrations");
    mkdirSync(migrations);
    for (const name of migrationNames().slice(0, 2))
      copyFileSync(join(MIGRATIONS_DIR.pathname, name), join(migrations, name));
    writeFileSync(
      join(migrations, "0003_broken.sql"),
      "CREATE TABLE half_done (id INTEGER);\nINSERT INTO half_done VALUES (1);\nINSERT INTO no_such_table VALUES (1);\n",
    );
    const db = new NodeD1(join(dir, "broken.sqlite"));
    expect(() => migrate(db, migrations)).toThrow(SchemaError);
    expect(() => migrate(db, migrations)).toThrow(
      /0003_broken\.sql failed and was rolled back: .*no_such_table/,
    );
    const tables = db.file.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all();
    expect(tables).toEqual([]);
    const applied = db.file
      .prepare("SELECT name FROM d1_migrations ORDER BY id")
      .all()
      .map((r) => r.name);
    expect(applied).toEqual(migrationNames().slice(0, 2));
    db.close();
  });
});
