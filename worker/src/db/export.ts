// Reading a whole site for export, in a fixed order so the output is deterministic.

import type {
  ExportComment,
  ExportMention,
  ExportRemote,
  ExportSocialLink,
  ExportThread,
} from "../../../shared/export-format.ts";
import type { Db } from "./database.ts";

export async function exportThreads(db: Db, siteId: string): Promise<ExportThread[]> {
  const { results } = await db
    .prepare(
      "SELECT id, page_key, url, title, locked, created_at FROM threads WHERE site_id = ?1 ORDER BY id",
    )
    .bind(siteId)
    .all<{
      id: string;
      page_key: string;
      url: string | null;
      title: string | null;
      locked: number;
      created_at: string;
    }>();
  const [social, mentions] = await Promise.all([exportLinks(db, siteId), exportMentions(db, siteId)]);
  return results.map((r) => ({
    id: r.id,
    key: r.page_key,
    url: r.url,
    title: r.title,
    locked: r.locked === 1,
    createdAt: r.created_at,
    ...(social.has(r.id) ? { social: social.get(r.id) } : {}),
    ...(mentions.has(r.page_key) ? { mentions: mentions.get(r.page_key) } : {}),
  }));
}

/** Grouped by `by`, each group in the rows' order. */
function groups<R, T>(rows: R[], by: (r: R) => string, as: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const group = out.get(by(r));
    if (group) group.push(as(r));
    else out.set(by(r), [as(r)]);
  }
  return out;
}

async function exportLinks(db: Db, siteId: string): Promise<Map<string, ExportSocialLink[]>> {
  const { results } = await db
    .prepare("SELECT id, thread_id, kind, url FROM social_links WHERE site_id = ?1 ORDER BY id")
    .bind(siteId)
    .all<ExportSocialLink & { thread_id: string }>();
  return groups(
    results,
    (r) => r.thread_id,
    ({ id, kind, url }) => ({ id, kind, url }),
  );
}

/** Accepted likes and reposts by page key (a reply is a comment, exported with its `remote`). */
async function exportMentions(db: Db, siteId: string): Promise<Map<string, ExportMention[]>> {
  const { results } = await db
    .prepare(
      `SELECT page_key, kind, source, target, created_at FROM webmentions
       WHERE site_id = ?1 AND status = 'accepted' AND kind IN ('like', 'repost') ORDER BY source, target`,
    )
    .bind(siteId)
    .all<{
      page_key: string;
      kind: ExportMention["kind"];
      source: string;
      target: string;
      created_at: string;
    }>();
  return groups(
    results,
    (r) => r.page_key,
    (r) => ({ kind: r.kind, source: r.source, target: r.target, createdAt: r.created_at }),
  );
}

interface Row {
  id: string;
  thread_id: string;
  parent_id: string | null;
  status: ExportComment["status"];
  pinned: number;
  likes: number;
  author_name: string;
  author_email: string | null;
  author_website: string | null;
  is_moderator: number;
  author_verified: ExportComment["author"]["verified"];
  text: string;
  created_at: string;
  edited_at: string | null;
  moderation_reasons: string;
  source_id: string | null;
  source_kind: ExportRemote["kind"] | null;
  source_url: string | null;
  source_handle: string | null;
  remote_id: string | null;
}

/** `remote` only on a comment from elsewhere, so a native comment's entry is as before. */
const remoteOf = (r: Row): { remote?: ExportRemote } =>
  r.source_kind && r.source_url && r.remote_id
    ? { remote: { kind: r.source_kind, url: r.source_url, handle: r.source_handle, id: r.remote_id } }
    : {};

export async function exportComments(db: Db, siteId: string): Promise<ExportComment[]> {
  const { results } = await db
    .prepare(
      `SELECT id, thread_id, parent_id, status, pinned, likes, author_name, author_email, author_website, is_moderator,
         author_verified, text, created_at, edited_at, moderation_reasons, source_id, source_kind, source_url,
         source_handle, remote_id
       FROM comments WHERE site_id = ?1 ORDER BY id`,
    )
    .bind(siteId)
    .all<Row>();
  return results.map((r) => ({
    id: r.id,
    thread: r.thread_id,
    parent: r.parent_id,
    status: r.status,
    pinned: r.pinned === 1,
    likes: r.likes,
    author: {
      name: r.author_name,
      email: r.author_email,
      website: r.author_website,
      isModerator: r.is_moderator === 1,
      verified: r.author_verified,
    },
    text: r.text,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    moderationReasons: JSON.parse(r.moderation_reasons) as string[],
    sourceId: r.source_id,
    ...remoteOf(r),
  }));
}
