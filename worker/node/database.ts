// The one database file of a Node deployment: DATA_DIR/confab.sqlite, opened, migrated, and (for
// the demo) seeded before the server takes a request.
import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_SITE, seedDemo } from "../scripts/seed-demo.ts";
import { asD1, NodeD1 } from "./d1.ts";
import { migrate, SchemaError } from "./migrations.ts";

export const DB_FILE = "confab.sqlite";
const SEED_WXR = fileURLToPath(new URL("../../test/fixtures/seed-post.wxr", import.meta.url));

export interface Opened {
  db: NodeD1;
  migrated: string[];
}

/** Opens and migrates the file; a clear SchemaError for a file it cannot use, nothing changed. */
export function openDatabase(dataDir: string): Opened {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, DB_FILE);
  let db: NodeD1;
  try {
    accessSync(dataDir, constants.W_OK);
    db = new NodeD1(path);
  } catch (err) {
    throw new SchemaError(`Cannot open ${path} for writing: ${String(err)}`);
  }
  try {
    return { db, migrated: migrate(db) };
  } catch (err) {
    db.close();
    if (err instanceof SchemaError) throw err;
    throw new SchemaError(
      `Cannot use ${path}: ${String(err)} (is it locked by another process, or read-only?)`,
    );
  }
}

export async function seedDemoSite(db: NodeD1, hashSecret: string): Promise<string> {
  return `${DEMO_SITE.id}: ${await seedDemo(asD1(db), readFileSync(SEED_WXR, "utf8"), hashSecret)}`;
}
