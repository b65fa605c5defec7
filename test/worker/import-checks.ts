// What must hold after any import, whole or cut short: every counter equals what it counts, and
// every reply sits under its parent (same thread, one deeper, path and root continued).
import { env } from "cloudflare:workers";
import { expect } from "vitest";

export async function consistency(): Promise<void> {
  const bad = await env.DB.prepare(
    `SELECT
       (SELECT COUNT(*) FROM threads t WHERE t.comment_count !=
          (SELECT COUNT(*) FROM comments c WHERE c.thread_id = t.id AND c.status = 'approved')) AS threadCounts,
       (SELECT COUNT(*) FROM comments p WHERE p.reply_count !=
          (SELECT COUNT(*) FROM comments k WHERE k.parent_id = p.id AND +k.status = 'approved')) AS replyCounts,
       (SELECT COUNT(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
          WHERE c.parent_id IS NOT NULL AND (p.id IS NULL OR p.thread_id != c.thread_id
            OR c.depth != p.depth + 1 OR c.path != p.path || '/' || c.id OR c.root_id != p.root_id)) AS badReplies,
       (SELECT COUNT(*) FROM comments c WHERE c.parent_id IS NULL
          AND (c.depth != 0 OR c.path != c.id OR c.root_id != c.id)) AS badRoots,
       (SELECT COUNT(*) FROM comments c LEFT JOIN threads t ON t.id = c.thread_id WHERE t.id IS NULL) AS orphans`,
  ).first();
  expect(bad).toEqual({ threadCounts: 0, replyCounts: 0, badReplies: 0, badRoots: 0, orphans: 0 });
}

/** Source id → the source id of its parent (or null), for every comment of the site. */
export async function treeOf(site: string): Promise<Map<string, string | null>> {
  const { results } = await env.DB.prepare(
    `SELECT c.source_id AS id, p.source_id AS parent FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
     WHERE c.site_id = ?1 ORDER BY c.source_id`,
  )
    .bind(site)
    .all<{ id: string; parent: string | null }>();
  return new Map(results.map((r) => [r.id, r.parent]));
}
