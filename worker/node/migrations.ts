// The worker's migrations (worker/migrations/*.sql) applied at start, in order, each in its own
// transaction, recorded in `d1_migrations` as wrangler records them on D1, so one schema history
// serves both runtimes and a file copied from `wrangler d1 export` keeps its record.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NodeD1 } from "./d1.ts";

export const MIGRATIONS_DIR = new URL("../migrations/", import.meta.url);

/** A database this version of Confab cannot run: started by a newer one, or broken. */
export class SchemaError extends Error {}

const TRACKING = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

export function migrationNames(dir: string | URL = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
}

/**
 * Applies the migrations the file lacks and answers their names. Refuses (SchemaError, nothing
 * changed) a file that records a migration this code does not have: a newer Confab made it, and
 * running older code on it could corrupt what the newer code expects.
 */
export function migrate(db: NodeD1, dir: string | URL = MIGRATIONS_DIR): string[] {
  const known = migrationNames(dir);
  db.file.exec(TRACKING);
  const applied = (
    db.file.prepare("SELECT name FROM d1_migrations ORDER BY id").all() as { name: string }[]
  ).map((r) => r.name);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new SchemaError(
      `This database was made by a newer Confab: it records migration(s) ${unknown.join(", ")}, which this ` +
        "version does not have. Run the newer version, or restore a backup made before the upgrade.",
    );
  const missing = known.filter((name) => !applied.includes(name));
  const record = db.file.prepare("INSERT INTO d1_migrations (name) VALUES (?)");
  for (const name of missing) {
    const sql = readFileSync(join(dirPath(dir), name), "utf8");
    try {
      db.transaction(() => {
        db.file.exec(sql);
        record.run(name);
      });
    } catch (err) {
      throw new SchemaError(`Migration ${name} failed and was rolled back: ${String(err)}`);
    }
  }
  return missing;
}

const dirPath = (dir: string | URL): string => (typeof dir === "string" ? dir : fileURLToPath(dir));
