// A Confab export file (docs/export-format.md) → the import model, keeping every id.
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from "../../../shared/export-format.ts";
import { ApiError } from "../lib/api-error.ts";
import { isoDate, type ParsedImport } from "./model.ts";

const STATUSES = new Set(["approved", "pending", "spam", "deleted"]);
const ID = /^[0-9a-z]{1,64}$/;

export function parseConfabFile(text: string): ExportFile {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The file is not valid JSON.");
  }
  const f = file as Partial<ExportFile> | null;
  if (
    !f ||
    f.format !== EXPORT_FORMAT ||
    f.version !== EXPORT_VERSION ||
    !Array.isArray(f.threads) ||
    !Array.isArray(f.comments)
  ) {
    throw new ApiError("validation_failed", `Not a ${EXPORT_FORMAT} file of version ${EXPORT_VERSION}.`, {
      fields: { body: "invalid" },
    });
  }
  return f as ExportFile;
}

export function fromConfab(file: ExportFile): ParsedImport {
  const out: ParsedImport = { threads: [], comments: [], skipped: 0, errors: [] };
  for (const t of file.threads) {
    const createdAt = isoDate(String(t?.createdAt ?? ""));
    if (!t || typeof t.id !== "string" || !ID.test(t.id) || typeof t.key !== "string" || !createdAt) {
      out.errors.push({ entry: `thread ${String(t?.id)}`, reason: "malformed thread" });
      continue;
    }
    out.threads.push({
      ref: t.id,
      key: t.key,
      url: t.url ?? null,
      title: t.title ?? null,
      locked: t.locked === true,
      createdAt,
      id: t.id,
    });
  }
  for (const c of file.comments) {
    const createdAt = isoDate(String(c?.createdAt ?? ""));
    const ok =
      c &&
      typeof c.id === "string" &&
      ID.test(c.id) &&
      typeof c.thread === "string" &&
      typeof c.text === "string" &&
      STATUSES.has(c.status) &&
      createdAt &&
      c.author &&
      typeof c.author.name === "string";
    if (!ok) {
      out.errors.push({
        entry: `comment ${String(c?.id)}`,
        reason: !createdAt ? "bad date" : "malformed comment",
      });
      out.skipped++;
      continue;
    }
    out.comments.push({
      ref: c.id,
      sourceId: typeof c.sourceId === "string" ? c.sourceId : null,
      threadRef: c.thread,
      parentRef: typeof c.parent === "string" ? c.parent : null,
      status: c.status,
      pinned: c.pinned === true,
      likes: Number.isInteger(c.likes) && c.likes >= 0 ? c.likes : 0,
      author: {
        name: c.author.name,
        email: c.author.email ?? null,
        website: c.author.website ?? null,
        isModerator: c.author.isModerator === true,
      },
      text: c.text,
      createdAt,
      editedAt: c.editedAt ? isoDate(c.editedAt) : null,
      reasons: Array.isArray(c.moderationReasons) ? c.moderationReasons.map(String) : [],
      id: c.id,
    });
  }
  return out;
}
