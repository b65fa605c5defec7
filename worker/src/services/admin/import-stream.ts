// POST /admin/import of a WXR or Disqus file: the body's bytes (up to 50 MB) are read twice,
// first checked whole (import/stream.ts: well-formed, of this format) so that a broken file
// writes nothing, then read again and written batch by batch, so the file never has to exist
// as text or entries at once within a Worker's 128 MB.
import type { ImportResult } from "../../../../shared/export-format.ts";
import type { Db } from "../../db/database.ts";
import type { XmlFormat } from "../../import/readers.ts";
import { BATCH, type BatchLimits, checkXmlImport, readXmlImport } from "../../import/stream.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { textPieces } from "../../lib/body-text.ts";
import { type ImportOptions, ImportWriter } from "./import.ts";

export async function importXml(
  db: Db,
  actor: Actor,
  q: ImportOptions & { format: XmlFormat; bytes: Uint8Array[] },
  limits: BatchLimits = BATCH,
): Promise<ImportResult> {
  const checked = checkXmlImport(q.format, textPieces(q.bytes), limits);
  const writer = new ImportWriter(db, actor, q);
  await readXmlImport(q.format, textPieces(q.bytes), checked, (batch) => writer.write(batch), limits);
  return writer.finish();
}
