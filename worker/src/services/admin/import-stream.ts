// POST /admin/import of a WXR or Disqus file: read as it arrives (import/stream.ts) and written
// batch by batch, so a 50 MB export fits a Worker's memory.
import type { ImportResult } from "../../../../shared/export-format.ts";
import type { Db } from "../../db/database.ts";
import { BATCH, type BatchLimits, readImport } from "../../import/stream.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { type ImportOptions, ImportWriter } from "./import.ts";

export async function importStream(
  db: Db,
  actor: Actor,
  q: ImportOptions & { format: "wxr" | "disqus"; text: AsyncIterable<string> },
  limits: BatchLimits = BATCH,
): Promise<ImportResult> {
  const writer = new ImportWriter(db, actor, q);
  await readImport(q.format, q.text, (batch) => writer.write(batch), limits);
  return writer.finish();
}
