// Seeds the demo site and its article's discussion into a D1 database, once: a second run finds
// the imported comments by their source ids and writes nothing.
import { pageKeyFromUrl } from "../../shared/page-key.ts";
import {
  addToReplyCount,
  insertComment,
  type NewComment,
  type ParentRow,
  selectCommentBySource,
} from "../src/db/comments.ts";
import { upsertSite } from "../src/db/sites.ts";
import { addToCommentCount, insertThreadIfMissing } from "../src/db/threads.ts";
import { htmlToMarkdown } from "../src/import/html-to-markdown.ts";
import { parseWxr } from "../src/import/wxr-parse.ts";
import { hmacHex } from "../src/lib/crypto.ts";
import { timeId } from "../src/lib/ids.ts";
import { nowIso } from "../src/lib/time.ts";
import { RENDERER_VERSION, renderMarkdown } from "../src/render/markdown.ts";

export const DEMO_SITE = {
  id: "demo",
  name: "Demo Blog",
  origins: ["http://localhost:*", "http://127.0.0.1:*"],
};

export async function seedDemo(db: D1Database, wxr: string, secret: string): Promise<string> {
  const now = nowIso();
  await upsertSite(db, DEMO_SITE, now);
  const [post] = parseWxr(wxr);
  if (!post) throw new Error("the seed export has no post");
  const first = post.comments[0];
  if (first && (await selectCommentBySource(db, DEMO_SITE.id, `wxr:${first.id}`).first())) {
    return "the seed discussion is already loaded";
  }

  const key = pageKeyFromUrl(post.link);
  const parents = new Map<string, ParentRow>();
  const replyCounts = new Map<string, number>();
  const inserts: D1PreparedStatement[] = [];
  for (const c of post.comments.filter((c) => c.type === "comment" && c.approved === "1")) {
    const createdMs = Date.parse(`${c.dateGmt.replace(" ", "T")}Z`);
    const id = timeId(createdMs);
    const parent = c.parent !== "0" ? (parents.get(c.parent) ?? null) : null;
    // WordPress stores comment HTML; ours is Markdown source, rendered by the one pipeline.
    const text = htmlToMarkdown(c.content);
    const comment: NewComment = {
      id,
      siteId: DEMO_SITE.id,
      pageKey: key,
      parent,
      status: "approved",
      authorName: c.author,
      authorEmail: c.email || null,
      authorWebsite: c.url || null,
      avatarSeed: (await hmacHex(secret, `avatar:${c.email || c.author}`)).slice(0, 16),
      notifyReplies: false,
      text,
      html: renderMarkdown(text),
      rendererVersion: RENDERER_VERSION,
      editTokenHash: null,
      networkHash: null,
      moderationReasons: [],
      sourceId: `wxr:${c.id}`,
      createdAt: nowIso(createdMs),
    };
    inserts.push(insertComment(db, comment));
    parents.set(c.id, {
      id,
      thread_id: "",
      root_id: parent?.root_id ?? id,
      path: parent ? `${parent.path}/${id}` : id,
      depth: parent ? parent.depth + 1 : 0,
      status: "approved",
    });
    if (parent) replyCounts.set(parent.id, (replyCounts.get(parent.id) ?? 0) + 1);
  }

  await db.batch([
    insertThreadIfMissing(db, {
      id: timeId(),
      siteId: DEMO_SITE.id,
      key,
      url: post.link,
      title: post.title,
      now,
    }),
    ...inserts,
    addToCommentCount(db, DEMO_SITE.id, key, inserts.length, now),
    ...[...replyCounts].map(([parentId, n]) => addToReplyCount(db, parentId, n)),
  ]);
  return `loaded ${inserts.length} comments into ${key}`;
}
