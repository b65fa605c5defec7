// Reports: one per reader and comment (a second replaces the first). A report counts while it is
// newer than the comment's last moderator decision, so an approval after reports clears them.
import { all, type Step, thenAll } from "./batch.ts";
import type { Db } from "./database.ts";

const OPEN = "r.created_at > COALESCE(c.moderated_at, '')";

export const FILE_REPORT_SQL = `INSERT INTO reports (comment_id, reader_hash, site_id, reason, created_at)
  SELECT ?1, ?2, c.site_id, ?3, ?4 FROM comments c WHERE c.id = ?1 AND c.status = 'approved'
  ON CONFLICT (comment_id, reader_hash) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at`;

export const OPEN_REPORTS_SQL = `SELECT c.status, COUNT(r.reader_hash) AS open,
    json_group_array(r.reason) FILTER (WHERE r.reader_hash IS NOT NULL) AS reasons
  FROM comments c LEFT JOIN reports r ON r.comment_id = c.id AND ${OPEN}
  WHERE c.id = ?1 GROUP BY c.id`;

export interface ReportState {
  status: string;
  /** Distinct readers whose report is newer than the last moderator decision. */
  open: number;
  reasons: string[];
}

/** Files (or renews) this reader's report, then reads the comment's open reports: one round trip. */
export function fileReport(
  db: Db,
  q: { commentId: string; readerHash: string; reason: string; now: string },
): Step<ReportState | null> {
  const step = thenAll<{ status: string; open: number; reasons: string | null }>(
    [db.prepare(FILE_REPORT_SQL).bind(q.commentId, q.readerHash, q.reason, q.now)],
    db.prepare(OPEN_REPORTS_SQL).bind(q.commentId),
  );
  return {
    statements: step.statements,
    read: (results) => {
      const row = step.read(results)[0];
      if (!row) return null;
      return { status: row.status, open: row.open, reasons: JSON.parse(row.reasons ?? "[]") as string[] };
    },
  };
}

export interface ReportRow {
  comment_id: string;
  site_id: string;
  status: string;
  author_name: string;
  text: string;
  page_url: string | null;
  reason: string;
  created_at: string;
}

export const SITE_REPORTS_SQL = `SELECT r.comment_id, c.site_id, c.status, c.author_name, c.text, t.url AS page_url,
    r.reason, r.created_at
  FROM reports r JOIN comments c ON c.id = r.comment_id JOIN threads t ON t.id = c.thread_id
  WHERE r.site_id = ?1 AND ${OPEN}
  ORDER BY r.created_at DESC LIMIT ?2`;

/** A site's open reports, newest first. */
export const siteReports = (db: Db, siteId: string, limit: number): Step<ReportRow[]> =>
  all<ReportRow>(db.prepare(SITE_REPORTS_SQL).bind(siteId, limit));
