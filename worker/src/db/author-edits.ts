// An author's own edit and delete. Every statement re-checks the comment's state inside the batch
// (still the author's to change: approved or pending, no moderator decision yet), so a concurrent
// decision, delete or edit makes the other write a no-op instead of a corruption.
import { first, type Step, thenAll } from "./batch.ts";
import type { Db } from "./database.ts";
import { appendReasonsSql, FACTS_SQL, type FactsRow } from "./status-changes.ts";

/** A comment's facts (status-changes.ts) with what an author action checks. */
export interface AuthorRow extends FactsRow {
  created_at: string;
  moderated_at: string | null;
  edit_token_hash: string | null;
  identity_id: string | null;
}

const AUTHOR_SQL = FACTS_SQL.replace(
  "c.updated_at,",
  "c.updated_at, c.created_at, c.moderated_at, c.edit_token_hash, c.identity_id,",
);

/** The comment with what an author action checks (token hash, age, moderation). */
export function authorRow(db: Db, id: string): Step<AuthorRow | null> {
  return first<AuthorRow>(db.prepare(AUTHOR_SQL).bind(JSON.stringify([id])));
}

export const STILL_THE_AUTHORS = "status IN ('approved', 'pending') AND moderated_at IS NULL";

/** The new text; the step says whether it was written. */
export function updateText(
  db: Db,
  q: { id: string; text: string; html: string; rendererVersion: number; now: string },
): Step<boolean> {
  const step = thenAll<{ id: string }>(
    [],
    db
      .prepare(
        `UPDATE comments SET text = ?2, html = ?3, renderer_version = ?4, edited_at = ?5, updated_at = ?5
         WHERE id = ?1 AND ${STILL_THE_AUTHORS} RETURNING id`,
      )
      .bind(q.id, q.text, q.html, q.rendererVersion, q.now),
  );
  return { statements: step.statements, read: (r) => step.read(r).length > 0 };
}

/** Adds the reasons an edit of a held comment found (the comment stays held). */
export function appendReasons(db: Db, id: string, reasons: string[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE comments SET moderation_reasons = ${appendReasonsSql("?2")}
       WHERE id = ?1 AND ${STILL_THE_AUTHORS}`,
    )
    .bind(id, JSON.stringify(reasons));
}
