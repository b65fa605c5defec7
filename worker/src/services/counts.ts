// Comment counts of up to 50 pages of one site in one statement, from the counters kept on write.
import { pageKeyFromUrl } from "../../../shared/page-key.ts";
import { type Site, selectSite, siteFromResult } from "../db/sites.ts";
import { selectCounts } from "../db/threads.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { originAllowed } from "../lib/cors.ts";

export async function countPages(
  db: D1Database,
  q: { siteId: string; urls: string[]; pageIds: string[] },
  admit: (site: Site) => void,
): Promise<Record<string, number>> {
  const asked = [
    ...q.urls.map((url) => ({ given: url, key: pageKeyFromUrl(url), url })),
    ...q.pageIds.map((id) => ({ given: id, key: `id:${id}`, url: null })),
  ];
  const keys = [...new Set(asked.map((a) => a.key))];
  const [siteResult, countResult] = await db.batch([
    selectSite(db, q.siteId),
    selectCounts(db, q.siteId, keys),
  ]);
  const site = siteFromResult(siteResult);
  if (!site) throw new ApiError("unknown_site", "This site is not registered.");
  admit(site);
  if (asked.some((a) => a.url && !originAllowed(site.origins, new URL(a.url).origin))) {
    throw validationError({ url: "invalid" });
  }
  const byKey = new Map(
    ((countResult?.results ?? []) as { page_key: string; comment_count: number }[]).map((r) => [
      r.page_key,
      r.comment_count,
    ]),
  );
  return Object.fromEntries(asked.map((a) => [a.given, byKey.get(a.key) ?? 0]));
}
