// The typed-batch helper (worker/src/db/batch.ts) against the real D1: each step's value under its
// name, all steps in one round trip and one transaction, and no round trip when nothing is asked.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { all, batch, exec, first, map, none, thenAll } from "../../worker/src/db/batch.ts";
import { type D1Record, recordingD1 } from "./d1-recorder.ts";

const PROBE = "CREATE TABLE IF NOT EXISTS batch_probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL)";
const INSERT = "INSERT INTO batch_probe (id, n) VALUES (?1, ?2)";
const ALL = "SELECT id, n FROM batch_probe ORDER BY id";
const ONE = "SELECT id, n FROM batch_probe WHERE id = ?1";

let log: D1Record;
let db: D1Database;

beforeEach(async () => {
  await env.DB.exec(PROBE);
  await env.DB.exec("DELETE FROM batch_probe");
  log = { statements: [], trips: 0 };
  db = recordingD1(env.DB, log);
});

const rows = async () => (await env.DB.prepare(ALL).all<{ id: string; n: number }>()).results;

describe("batch()", () => {
  it("answers each step's value under its name, running the steps in order in one round trip", async () => {
    const insert = (id: string, n: number) => db.prepare(INSERT).bind(id, n);
    const values = await batch(db, {
      written: exec(insert("a", 1), insert("b", 2)),
      // Reads see the writes of the steps before them in the same batch.
      everything: all<{ id: string; n: number }>(db.prepare(ALL)),
      b: first<{ id: string; n: number }>(db.prepare(ONE).bind("b")),
      missing: first<{ id: string }>(db.prepare(ONE).bind("zz")),
      doubled: map(first<{ n: number }>(db.prepare(ONE).bind("a")), (r) => (r?.n ?? 0) * 2),
      added: thenAll<{ id: string }>(
        [insert("c", 3)],
        db.prepare("SELECT id FROM batch_probe WHERE n > ?1").bind(1),
      ),
    });
    expect(values).toEqual({
      written: undefined,
      everything: [
        { id: "a", n: 1 },
        { id: "b", n: 2 },
      ],
      b: { id: "b", n: 2 },
      missing: null,
      doubled: 2,
      added: [{ id: "b" }, { id: "c" }],
    });
    expect(Object.keys(values)).toEqual(["written", "everything", "b", "missing", "doubled", "added"]);
    expect(log.trips).toBe(1);
    expect(log.statements.map((s) => s.sql)).toEqual([
      INSERT,
      INSERT,
      ALL,
      ONE,
      ONE,
      ONE,
      INSERT,
      "SELECT id FROM batch_probe WHERE n > ?1",
    ]);
  });

  it("sends no statement for a `none` step and answers its value", async () => {
    const values = await batch(db, {
      skipped: none<string[]>(["as given"]),
      one: first<{ n: number }>(db.prepare("SELECT 7 AS n")),
      alsoSkipped: none(undefined),
    });
    expect(values).toEqual({ skipped: ["as given"], one: { n: 7 }, alsoSkipped: undefined });
    expect(log.trips).toBe(1);
    expect(log.statements.map((s) => s.sql)).toEqual(["SELECT 7 AS n"]);
  });

  it("rolls the whole batch back when one statement fails", async () => {
    await env.DB.prepare(INSERT).bind("kept", 0).run();
    const attempt = batch(db, {
      first: exec(db.prepare(INSERT).bind("new", 1)),
      bump: exec(db.prepare("UPDATE batch_probe SET n = 99 WHERE id = ?1").bind("kept")),
      // The primary key is taken: this statement fails, after the two above ran.
      clash: exec(db.prepare(INSERT).bind("kept", 2)),
      after: all(db.prepare(ALL)),
    });
    await expect(attempt).rejects.toThrow(/UNIQUE/);
    expect(await rows()).toEqual([{ id: "kept", n: 0 }]);
  });

  it("makes no round trip when no step has a statement", async () => {
    expect(await batch(db, {})).toEqual({});
    expect(await batch(db, { nothing: none(0), empty: exec() })).toEqual({ nothing: 0, empty: undefined });
    expect(log.trips).toBe(0);
    expect(log.statements).toEqual([]);
  });
});
