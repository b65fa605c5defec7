// The one database file of a Node deployment: DATA_DIR/confab.sqlite, opened, migrated, and (for
// the demo) seeded before the server takes a request.
import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { DEMO_SITE, seedDemo } from "../scripts/seed-demo.ts";
import { asD1, NodeD1 } from "./d1.ts";
import { migrate, SchemaError } from "./migrations.ts";

export const DB_FILE = "confab.sqlite";
/** Held by the running server for its whole life: a second server on the folder is refused. */
export const LOCK_FILE = "confab.lock";
const SEED_WXR = fileURLToPath(new URL("../../test/fixtures/seed-post.wxr", import.meta.url));

export interface Opened {
  db: NodeD1;
  migrated: string[];
}

/**
 * Opens and migrates the file; a SchemaError with one clear sentence for a file it cannot use
 * (a read-only file or folder, a lock another process holds, a newer schema), nothing changed.
 */
export function openDatabase(dataDir: string, options: { exclusive?: boolean } = {}): Opened {
  const path = join(dataDir, DB_FILE);
  let db: NodeD1 | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    if (options.exclusive ?? true) holdFolder(dataDir);
    db = new NodeD1(path);
    checkWritable(db);
    return { db, migrated: migrate(db) };
  } catch (err) {
    db?.close();
    if (err instanceof SchemaError) throw err;
    throw new SchemaError(cannotUse(path, err));
  }
}

/** The folder locks of this process, kept referenced so they live as long as it does. */
const held: DatabaseSync[] = [];

/**
 * Two servers on one file would each keep their own hot-read memory (serving each other's stale
 * answers) and their own queue timer (attempting a due retry twice). So the server holds an
 * exclusive SQLite lock on a small file beside the database for its whole life; the kernel frees
 * it when the process ends, `kill -9` included, so no stale lock is ever left behind.
 */
function holdFolder(dataDir: string): void {
  const file = join(dataDir, LOCK_FILE);
  const lock = new DatabaseSync(file, { timeout: 0 });
  try {
    lock.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE");
    lock.exec("CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder");
    lock.prepare("INSERT INTO holder VALUES (?)").run(process.pid);
    lock.exec("COMMIT");
  } catch (err) {
    lock.close();
    if (!/locked|busy/i.test(String(err))) throw err;
    throw new SchemaError(
      `Another Confab server is using ${dataDir} (it holds ${file}): stop it first, or give this one another DATA_DIR.`,
    );
  }
  held.push(lock);
}

/**
 * SQLite opens a file it may not write without complaint, and a lock held elsewhere shows only at
 * the first write: a write in a transaction that is rolled back finds both before anything else.
 */
function checkWritable(db: NodeD1): void {
  db.file.exec("BEGIN IMMEDIATE");
  try {
    db.file.exec("CREATE TABLE confab_write_check (x)");
  } finally {
    db.file.exec("ROLLBACK");
  }
}

function cannotUse(path: string, err: unknown): string {
  const reason = String((err as Error).message ?? err);
  if (/EACCES|EROFS|EPERM|readonly|read-only/i.test(reason))
    return `Cannot write ${path}: the file or its folder is read-only for this user (${reason}). The server's user must be able to write the folder and confab.sqlite, -wal and -shm in it.`;
  if (/locked|busy/i.test(reason))
    return `Cannot use ${path}: another process holds a lock on it (${reason}, after waiting 5 s). Stop that process (another Confab server, a sqlite3 shell) and start again.`;
  return `Cannot open ${path}: ${reason}`;
}

export async function seedDemoSite(db: NodeD1, hashSecret: string): Promise<string> {
  return `${DEMO_SITE.id}: ${await seedDemo(asD1(db), readFileSync(SEED_WXR, "utf8"), hashSecret)}`;
}
