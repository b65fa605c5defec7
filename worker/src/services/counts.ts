// Comment counts of up to 50 pages of one site, from the counters kept on write. One D1 round
// trip reads the site with its counts version, which names the cache entry and ETag; only a miss
// reads the counts (one statement, whatever the number of pages): the second round trip.
import { pageKeyFromUrl } from "../../../shared/page-key.ts";
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { countsVersion, type Site, siteWithCountsVersion } from "../db/sites.ts";
import { countsByKey } from "../db/threads.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { originAllowed } from "../lib/cors.ts";
import { type CachedAnswer, etagMatches, type ReadCache } from "../lib/read-cache.ts";

export async function answerCounts(
  db: Db,
  cache: ReadCache,
  q: { siteId: string; urls: string[]; pageIds: string[]; ifNoneMatch: string | undefined },
  admit: (site: Site) => void,
): Promise<CachedAnswer> {
  const asked = [
    ...q.urls.map((url) => ({ given: url, key: pageKeyFromUrl(url), url })),
    ...q.pageIds.map((id) => ({ given: id, key: `id:${id}`, url: null })),
  ];
  const { found } = await batch(db, { found: siteWithCountsVersion(db, q.siteId) });
  if (!found) throw new ApiError("unknown_site", "This site is not registered.");
  const { site, countsVersion: version } = found;
  admit(site);
  if (asked.some((a) => a.url && !originAllowed(site.origins, new URL(a.url).origin))) {
    throw validationError({ url: "invalid" });
  }
  // The answer is the asked pages, as given and in order, with their counts; the site's counts
  // version stands for every count of the site.
  const keyAt = (version: number) =>
    cache.key("counts", [
      ["site", site.id],
      ["version", version],
      ["asked", JSON.stringify([q.urls, q.pageIds])],
    ]);
  const key = await keyAt(version);
  if (etagMatches(q.ifNoneMatch, key.etag)) return { etag: key.etag, body: null, source: null };
  const cached = await cache.match(key);
  if (cached !== null) return { etag: key.etag, body: cached, source: "hit" };

  // The version is read again with the counts (one snapshot), so they are filed under the
  // version they were read at, even when a write landed between the two round trips.
  const keys = [...new Set(asked.map((a) => a.key))];
  const { readAt, byKey } = await batch(db, {
    readAt: countsVersion(db, q.siteId),
    byKey: countsByKey(db, q.siteId, keys),
  });
  const counts = Object.fromEntries(asked.map((a) => [a.given, byKey.get(a.key) ?? 0]));
  const body = JSON.stringify({ counts });
  const storedAs = readAt === version ? key : await keyAt(readAt);
  cache.store(storedAs, body);
  return { etag: storedAs.etag, body, source: "miss" };
}
