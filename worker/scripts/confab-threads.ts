// `thread list` and `thread link`: the threads of a site with their linked Mastodon and Bluesky
// posts, and setting those posts (POST /api/v1/admin/threads, which makes the page's thread when
// it has none yet). A post's network is told by its URL: bsky.app is Bluesky, any other Mastodon.
import type { AdminThread } from "../../shared/admin-types.ts";
import { socialKindOf } from "../../shared/social.ts";
import type { AdminClient } from "./confab-client.ts";

const linksLine = (t: AdminThread) =>
  t.social.map((l) => `${l.kind} ${l.url}${l.error ? ` (last pull: ${l.error})` : ""}`).join(", ");

export async function listThreads(api: AdminClient, site: string | undefined): Promise<void> {
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...(site ? { site } : {}), ...(cursor ? { cursor } : {}) });
    const page = (await api.call("GET", `/threads?${query}`)) as {
      threads: AdminThread[];
      nextCursor: string | null;
    };
    for (const t of page.threads)
      console.log([t.id, t.site, t.url ?? t.key, String(t.commentCount), linksLine(t)].join("\t"));
    cursor = page.nextCursor;
  } while (cursor);
}

/** Sets the page's linked posts to exactly `social` (none given: every link removed). */
export async function linkThread(
  api: AdminClient,
  q: { site: string; url: string; social: string[] },
): Promise<void> {
  const body = {
    site: q.site,
    url: q.url,
    social: q.social.map((url) => ({ kind: socialKindOf(url), url })),
  };
  const { thread } = (await api.call("POST", "/threads", body)) as { thread: AdminThread };
  console.log(
    thread.social.length > 0
      ? `thread ${thread.id} linked to ${linksLine(thread)}`
      : `thread ${thread.id} has no linked posts`,
  );
}
