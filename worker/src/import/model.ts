// What every importer produces: threads and comments in a common shape, referring to each other
// by the source system's ids. The import service turns them into rows.
import type {
  ExportComment,
  ExportMention,
  ExportRemote,
  ExportSocialLink,
} from "../../../shared/export-format.ts";
import type { CommentStatus } from "../../../shared/types.ts";

/** Ten times what a reader may post: longer, the row (text and HTML) could pass D1's 2 MB a value. */
export const IMPORT_TEXT_MAX = 100_000;

export interface ImportThread {
  /** The source system's id for this thread (or its URL). */
  ref: string;
  /** A page key, or null to compute it from `url`. */
  key: string | null;
  url: string | null;
  title: string | null;
  locked: boolean;
  createdAt: string;
  /** A thread id to keep (Confab exports), else one is made. */
  id: string | null;
  /** Its linked posts and Webmention likes and reposts (Confab exports only). */
  social?: ExportSocialLink[];
  mentions?: ExportMention[];
}

export interface ImportComment {
  /** How other entries of the same file refer to this one. */
  ref: string;
  /** The source system's id, stored so the same comment is never imported twice into a site. */
  sourceId: string | null;
  threadRef: string;
  parentRef: string | null;
  /**
   * Whether the parent is among the entries of this file. When it is not, and not imported
   * before either, the reply is imported at the top level with a warning (an orphan).
   */
  parentInFile: boolean;
  status: CommentStatus;
  pinned: boolean;
  likes: number;
  /**
   * `verified`: the mark of a comment posted signed in (Confab exports only); an imported comment
   * keeps it but belongs to no identity, so no session can edit it.
   */
  author: ExportComment["author"];
  /** Markdown source (importers convert HTML to Markdown first). */
  text: string;
  createdAt: string;
  editedAt: string | null;
  reasons: string[];
  /** Where a comment from the open web came from (Confab exports only). */
  remote?: ExportRemote | null;
  /** A comment id to keep (Confab exports), else one is made from the creation time. */
  id: string | null;
}

export interface ParsedImport {
  threads: ImportThread[];
  comments: ImportComment[];
  skipped: number;
  errors: { entry: string; reason: string }[];
}

/**
 * `YYYY-MM-DD HH:MM:SS` or ISO-8601 → ISO-8601, or null when it is not a real date. A time
 * without a zone is UTC (WordPress's `_gmt` fields; Disqus writes some without the Z), whatever
 * the zone of the machine running this.
 */
export function isoDate(value: string): string | null {
  const v = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, "$1T$2");
  const normal = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v}Z` : v;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(normal)) return null;
  const ms = Date.parse(normal);
  return Number.isNaN(ms) || ms <= 0 ? null : new Date(ms).toISOString();
}
