// What the spam checks need to know from D1, read in the same batch as the rest of a POST: has
// this author or network said the same on this page today, and on how many other pages.
import type { Step } from "./batch.ts";
import type { Db } from "./database.ts";

const THREAD_OF = "(SELECT id FROM threads WHERE site_id = ?1 AND page_key = ?2)";

export const DUPLICATE_BY_EMAIL_SQL = `SELECT 1 AS dup FROM comments
  WHERE site_id = ?1 AND author_email = ?3 AND thread_id = ${THREAD_OF} AND text = ?4 AND id > ?5 LIMIT 1`;
export const DUPLICATE_BY_NETWORK_SQL = `SELECT 1 AS dup FROM comments
  WHERE site_id = ?1 AND network_hash = ?3 AND thread_id = ${THREAD_OF} AND text = ?4 AND id > ?5 LIMIT 1`;
export const SAME_TEXT_ELSEWHERE_SQL = `SELECT COUNT(DISTINCT thread_id) AS n FROM comments
  WHERE site_id = ?1 AND network_hash = ?3 AND id > ?5 AND text = ?4
    AND thread_id IS NOT COALESCE(${THREAD_OF}, '')`;

export interface TextSignals {
  /** The same text by this author on this page since `sinceId`: by email when one is given (so
   * two people behind one network are two authors), else by network. */
  duplicate: boolean;
  /** Other pages of the site where this network posted the same text since `sinceId`. */
  otherThreads: number;
}

/** `sinceId`: the smallest id of the period (ids sort by time, lib/ids.ts). */
export function selectTextSignals(
  db: Db,
  q: {
    siteId: string;
    pageKey: string;
    email: string | null;
    network: string | null;
    text: string;
    sinceId: string;
  },
): Step<TextSignals> {
  const bind = (sql: string, who: string | null) =>
    db.prepare(sql).bind(q.siteId, q.pageKey, who ?? "", q.text, q.sinceId);
  const statements = [
    bind(DUPLICATE_BY_EMAIL_SQL, q.email),
    bind(DUPLICATE_BY_NETWORK_SQL, q.network),
    bind(SAME_TEXT_ELSEWHERE_SQL, q.network),
  ];
  return {
    statements,
    read: ([byEmail, byNetwork, elsewhere]) => ({
      duplicate:
        q.email !== null
          ? (byEmail?.results?.length ?? 0) > 0
          : q.network !== null && (byNetwork?.results?.length ?? 0) > 0,
      otherThreads: q.network === null ? 0 : ((elsewhere?.results?.[0] as { n: number } | undefined)?.n ?? 0),
    }),
  };
}
