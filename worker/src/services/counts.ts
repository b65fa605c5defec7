// Comment counts of up to 50 pages of one site, from the counters kept on write, for the read
// cache (lib/read-cache.ts): one D1 round trip reads the site with its counts version, which
// tells whether a kept answer is current; only a changed one reads the counts (one statement,
// whatever the number of pages): the second round trip.
import { pageKeyFromUrl } from "../../../shared/page-key.ts";
import { batch } from "../db/batch.ts";
import type { Db } from "../db/database.ts";
import { countsVersion, siteWithCountsVersion } from "../db/sites.ts";
import { countsByKey } from "../db/threads.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { originAllowed } from "../lib/cors.ts";
import type { CachedRead, Checked } from "../lib/read-cache.ts";

export function countsRead(
  db: Db,
  q: { siteId: string; urls: string[]; pageIds: string[] },
): Pick<CachedRead, "key" | "check"> & { admitUrls(origins: string[]): void } {
  const asked = [
    ...q.urls.map((url) => ({ given: url, key: pageKeyFromUrl(url), url })),
    ...q.pageIds.map((id) => ({ given: id, key: `id:${id}`, url: null })),
  ];
  const check = async (): Promise<Checked> => {
    const { found } = await batch(db, { found: siteWithCountsVersion(db, q.siteId) });
    if (!found) throw new ApiError("unknown_site", "This site is not registered.");
    const { site, countsVersion: version } = found;
    // The site's counts version stands for every count of the site.
    const stampOf = (v: number) => JSON.stringify([site.origins, v]);
    const build = async () => {
      // The version is read again with the counts (one snapshot), so they are stamped with the
      // version they were read at, even when a write landed between the two round trips.
      const keys = [...new Set(asked.map((a) => a.key))];
      const { readAt, byKey } = await batch(db, {
        readAt: countsVersion(db, q.siteId),
        byKey: countsByKey(db, q.siteId, keys),
      });
      const counts = Object.fromEntries(asked.map((a) => [a.given, byKey.get(a.key) ?? 0]));
      return { body: JSON.stringify({ counts }), stamp: stampOf(readAt), origins: site.origins };
    };
    return { stamp: stampOf(version), origins: site.origins, build };
  };
  return {
    // The answer is the asked pages, as given and in order, with their counts.
    key: { kind: "counts", siteId: q.siteId, pageKey: null, variant: JSON.stringify([q.urls, q.pageIds]) },
    check,
    admitUrls(origins) {
      if (asked.some((a) => a.url && !originAllowed(origins, new URL(a.url).origin))) {
        throw validationError({ url: "invalid" });
      }
    },
  };
}
