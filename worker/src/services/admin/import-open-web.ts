// What a Confab file carries of the open web beside its comments (docs/export-format.md): each
// thread's linked Mastodon and Bluesky posts, with their ids (the replies they brought carry them
// in their remote ids, so the new server's pulls update those replies instead of adding copies),
// and its Webmention likes and reposts, so the counts come along. One round trip per chunk of
// threads that have any.
import { batch, exec } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { insertLinks, insertMentions } from "../../db/import.ts";
import { dueIfLinked } from "../../db/social-links.ts";
import { recountMentions } from "../../db/webmentions.ts";
import type { ImportThread } from "../../import/model.ts";
import { timeId } from "../../lib/ids.ts";

/** A thread of the file as it was stored: its id and page key here. */
export interface PlacedThread {
  thread: ImportThread;
  id: string;
  key: string;
}

export async function writeOpenWeb(db: Db, siteId: string, placed: PlacedThread[], now: string) {
  const links = placed.flatMap(({ thread, id }) =>
    (thread.social ?? []).map((l) => ({ id: l.id, threadId: id, siteId, kind: l.kind, url: l.url })),
  );
  const mentions = placed.flatMap(({ thread, key }) =>
    (thread.mentions ?? []).map((m) => ({ id: timeId(Date.parse(m.createdAt)), siteId, key, ...m })),
  );
  if (links.length === 0 && mentions.length === 0) return;
  await batch(db, {
    links: exec(
      ...(links.length > 0
        ? [
            insertLinks(db, links, now),
            dueIfLinked(
              db,
              links.map((l) => l.threadId),
            ),
          ]
        : []),
    ),
    mentions: exec(
      ...(mentions.length > 0
        ? [
            insertMentions(db, mentions, now),
            recountMentions(
              db,
              siteId,
              mentions.map((m) => m.key),
            ),
          ]
        : []),
    ),
  });
}
