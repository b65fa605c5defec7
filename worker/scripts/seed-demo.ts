// Seeds the demo site and its article's discussion into a D1 database through the real WordPress
// importer. Importing is idempotent (source ids), so a second run writes nothing.
import { upsertSite } from "../src/db/sites.ts";
import { parseXmlImport } from "../src/import/stream.ts";
import { keysOf } from "../src/lib/keys.ts";
import { nowIso } from "../src/lib/time.ts";
import { applyImport } from "../src/services/admin/import.ts";

export const DEMO_SITE = {
  id: "demo",
  name: "Demo Blog",
  origins: ["http://localhost:*", "http://127.0.0.1:*"],
};

export async function seedDemo(db: D1Database, wxr: string, secret: string): Promise<string> {
  await upsertSite(db, DEMO_SITE, nowIso());
  const result = await applyImport(
    db,
    { label: "demo seed", sites: null, operator: true },
    {
      siteId: DEMO_SITE.id,
      parsed: parseXmlImport("wxr", wxr),
      map: [],
      keys: keysOf({ HASH_SECRET: secret }),
      format: "wxr",
    },
  );
  return result.comments > 0
    ? `loaded ${result.comments} comments in ${result.threads} thread(s)`
    : "the seed discussion is already loaded";
}
