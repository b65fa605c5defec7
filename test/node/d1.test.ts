// The D1-shaped adapter over node:sqlite (worker/node/d1.ts): what the worker's db/ code relies on.
import { beforeEach, describe, expect, it } from "vitest";
import { NodeD1 } from "../../worker/node/d1.ts";

let db: NodeD1;
beforeEach(async () => {
  db = new NodeD1(":memory:");
  await db.exec(
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);\n" +
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id), flag INTEGER);",
  );
});

const names = async () => (await db.prepare("SELECT name FROM parent ORDER BY id").raw()).flat();

describe("batch", () => {
  it("commits every statement together and answers each one's result in order", async () => {
    const results = await db.batch([
      db.prepare("INSERT INTO parent (name) VALUES (?1)").bind("a"),
      db.prepare("INSERT INTO parent (name) VALUES (?1) RETURNING id, name").bind("b"),
      db.prepare("SELECT count(*) AS n FROM parent"),
    ]);
    expect(results.map((r) => r.meta.changes)).toEqual([1, 1, 0]);
    expect(results[1]?.results).toEqual([{ id: 2, name: "b" }]);
    expect(results[2]?.results).toEqual([{ n: 2 }]);
    expect(await names()).toEqual(["a", "b"]);
  });

  it("rolls back every statement when one fails, and the error is SQLite's", async () => {
    await db.prepare("INSERT INTO parent (name) VALUES ('kept')").run();
    const failing = db.batch([
      db.prepare("INSERT INTO parent (name) VALUES ('first')"),
      db.prepare("UPDATE parent SET name = 'renamed' WHERE name = 'kept'"),
      db.prepare("INSERT INTO parent (name) VALUES ('first')"),
    ]);
    await expect(failing).rejects.toThrow(/UNIQUE constraint failed: parent\.name/);
    expect(await names()).toEqual(["kept"]);
    // The database is usable after: no transaction was left open.
    expect(db.file.isTransaction).toBe(false);
    await db.batch([db.prepare("INSERT INTO parent (name) VALUES ('after')")]);
    expect(await names()).toEqual(["kept", "after"]);
  });

  it("enforces foreign keys, as D1 does", async () => {
    await expect(db.prepare("INSERT INTO child (parent_id) VALUES (42)").run()).rejects.toThrow(
      /FOREIGN KEY/,
    );
  });
});

describe("statements", () => {
  it("first() answers the first row or null, first(column) one value, and refuses an unknown column", async () => {
    await db.batch(["x", "y"].map((n) => db.prepare("INSERT INTO parent (name) VALUES (?)").bind(n)));
    expect(await db.prepare("SELECT * FROM parent ORDER BY id").first()).toEqual({ id: 1, name: "x" });
    expect(await db.prepare("SELECT name FROM parent WHERE id = ?1").bind(2).first("name")).toBe("y");
    expect(await db.prepare("SELECT * FROM parent WHERE id = 9").first()).toBeNull();
    await expect(db.prepare("SELECT id FROM parent").first("nope")).rejects.toThrow(/D1_COLUMN_NOTFOUND/);
  });

  it("raw() answers arrays, with the column names first when asked", async () => {
    await db.prepare("INSERT INTO parent (name) VALUES ('r')").run();
    expect(await db.prepare("SELECT id, name FROM parent").raw()).toEqual([[1, "r"]]);
    expect(await db.prepare("SELECT id, name FROM parent").raw({ columnNames: true })).toEqual([
      ["id", "name"],
      [1, "r"],
    ]);
  });

  it("meta counts what a statement changed, and last_row_id", async () => {
    const inserted = await db.prepare("INSERT INTO parent (name) VALUES ('p'), ('q')").run();
    expect(inserted.meta).toMatchObject({ changes: 2, last_row_id: 2, changed_db: true });
    const updated = await db.prepare("UPDATE parent SET name = name || '!' WHERE id >= ?1").bind(1).run();
    expect(updated.meta.changes).toBe(2);
    const none = await db.prepare("UPDATE parent SET name = 'z' WHERE id = 99 RETURNING id").all();
    expect(none.meta.changes).toBe(0);
    expect(none.results).toEqual([]);
    const read = await db.prepare("SELECT * FROM parent").all();
    expect(read.meta.changes).toBe(0);
  });

  it("binds booleans as 1/0, numbered parameters by number, and refuses undefined like D1", async () => {
    await db.prepare("INSERT INTO parent (name) VALUES ('b')").run();
    await db.prepare("INSERT INTO child (parent_id, flag) VALUES (?2, ?1)").bind(true, 1).run();
    expect(await db.prepare("SELECT flag FROM child").first("flag")).toBe(1);
    expect(() => db.prepare("SELECT ?1").bind(undefined)).toThrow(/D1_TYPE_ERROR/);
  });

  it("a session is the database itself, with no bookmark", async () => {
    const session = db.withSession("first-primary");
    await session.batch([session.prepare("INSERT INTO parent (name) VALUES ('s')")]);
    expect(await names()).toEqual(["s"]);
    expect(session.getBookmark()).toBeNull();
  });
});
