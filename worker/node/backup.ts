// `npm run confab -- backup <file>`: a consistent copy of the Node runtime's database while the
// server runs. `VACUUM INTO` reads the file in one read transaction (WAL lets the server keep
// writing meanwhile), so the copy is the database as of one commit: never half of a batch. The
// copy is checked (integrity_check) before it is reported. Restore: docs/self-host.md.
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DB_FILE } from "./database.ts";

/** How long the copy waits for a lock (a checkpoint, a migration at start) before failing. */
const BUSY_TIMEOUT_MS = 10_000;

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  migrations: number;
}

export function backup(dataDir: string, target: string): BackupResult {
  const source = join(resolve(dataDir), DB_FILE);
  const file = resolve(target);
  if (!existsSync(source)) throw new BackupError(`no database at ${source} (set DATA_DIR or --data)`);
  // VACUUM INTO refuses a file with content too; this says so before any work, and an empty one is refused as well.
  if (existsSync(file)) throw new BackupError(`${file} exists: choose a new file, nothing is overwritten`);
  const db = new DatabaseSync(source, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.prepare("VACUUM INTO ?").run(file);
  } catch (err) {
    rmSync(file, { force: true });
    throw new BackupError(`backup of ${source} failed: ${String(err)}`);
  } finally {
    db.close();
  }
  return check(file);
}

function check(file: string): BackupResult {
  const copy = new DatabaseSync(file, { readOnly: true });
  try {
    const ok = copy.prepare("PRAGMA integrity_check").get() as { integrity_check: string };
    if (ok.integrity_check !== "ok")
      throw new BackupError(`the copy ${file} fails its check: ${ok.integrity_check}`);
    const { n } = copy.prepare("SELECT count(*) AS n FROM d1_migrations").get() as { n: number };
    const { size } = copy
      .prepare("SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()")
      .get() as { size: number };
    return { file, bytes: Number(size), migrations: Number(n) };
  } finally {
    copy.close();
  }
}
