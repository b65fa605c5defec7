// Writes a parsed import: threads by page key, comments parents first with their place in the
// tree, counters recounted, in JSON-parameter chunks that respect D1's limits. Entries already
// imported (same id or source id) are skipped, so importing a file twice adds nothing.

import type { ImportResult } from "../../../../shared/export-format.ts";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import { insertAudit } from "../../db/audit.ts";
import type { Db } from "../../db/database.ts";
import {
  type CommentImportRow,
  existingComments,
  insertComments,
  insertThreads,
  recount,
  type ThreadImportRow,
  threadIdsByKey,
} from "../../db/import.ts";
import type { ImportComment, ParsedImport } from "../../import/model.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { hmacHex } from "../../lib/crypto.ts";
import { timeId } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";
import { RENDERER_VERSION, renderMarkdown } from "../../render/markdown.ts";
import { auditOf } from "./audit-id.ts";

/** D1 allows 100 KB per statement; rows go in JSON chunks well under it. */
const CHUNK_BYTES = 80_000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = JSON.stringify(row).length * 3; // worst case UTF-8
    if (current.length > 0 && size + bytes > CHUNK_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}

export interface MapRule {
  from: string;
  to: string;
}

const remap = (url: string | null, rules: MapRule[]) =>
  url ? rules.reduce((u, r) => (u.startsWith(r.from) ? r.to + u.slice(r.from.length) : u), url) : null;

export async function applyImport(
  db: Db,
  actor: Actor,
  q: { siteId: string; parsed: ParsedImport; map: MapRule[]; secret: string; format: string },
): Promise<ImportResult> {
  const { parsed, siteId } = q;
  const now = nowIso();
  const result: ImportResult = {
    threads: 0,
    comments: 0,
    skipped: parsed.skipped,
    errors: [...parsed.errors],
  };

  // Threads, keyed by page.
  const threadRows: ThreadImportRow[] = [];
  const keyOfRef = new Map<string, string>();
  for (const t of parsed.threads) {
    const url = remap(t.url, q.map);
    let key = t.key;
    try {
      key = key ?? (url ? pageKeyFromUrl(url) : null);
    } catch {
      key = null;
    }
    if (!key) {
      result.errors.push({ entry: `thread ${t.ref}`, reason: "no usable URL" });
      continue;
    }
    keyOfRef.set(t.ref, key);
    threadRows.push({
      id: t.id ?? timeId(Date.parse(t.createdAt)),
      siteId,
      key,
      url,
      title: t.title,
      locked: t.locked,
      createdAt: t.createdAt,
    });
  }
  const keys = [...new Set(threadRows.map((t) => t.key))];
  const before = new Set<string>();
  for (const part of chunks(keys)) {
    for (const r of (await threadIdsByKey(db, siteId, part).all<{ page_key: string }>()).results)
      before.add(r.page_key);
  }
  for (const part of chunks(threadRows)) await insertThreads(db, part, now).run();
  const threadIdOfKey = new Map<string, string>();
  for (const part of chunks(keys)) {
    for (const r of (await threadIdsByKey(db, siteId, part).all<{ id: string; page_key: string }>())
      .results) {
      threadIdOfKey.set(r.page_key, r.id);
    }
  }
  result.threads = keys.filter((k) => !before.has(k) && threadIdOfKey.has(k)).length;

  // Comments, parents before children.
  const known = new Map<string, { id: string; thread: string; root: string; path: string; depth: number }>();
  const byRef = new Map(parsed.comments.map((c) => [c.ref, c]));
  const ids = parsed.comments.map((c) => c.id).filter((id): id is string => id !== null);
  const sources = parsed.comments.map((c) => c.sourceId).filter((s): s is string => s !== null);
  const already = new Set<string>();
  for (const part of chunks([...ids, ...sources])) {
    const rows = await existingComments(db, siteId, part, part).all<{
      id: string;
      source_id: string | null;
      thread_id: string;
      root_id: string;
      path: string;
      depth: number;
    }>();
    for (const r of rows.results) {
      const entry = { id: r.id, thread: r.thread_id, root: r.root_id, path: r.path, depth: r.depth };
      known.set(r.id, entry);
      if (r.source_id) known.set(r.source_id, entry);
      already.add(r.id);
      if (r.source_id) already.add(r.source_id);
    }
  }
  const rows: CommentImportRow[] = [];
  const placed = new Map<string, { id: string; thread: string; root: string; path: string; depth: number }>();
  const resolving = new Set<string>();
  const place = async (c: ImportComment): Promise<boolean> => {
    if (placed.has(c.ref)) return true;
    if (already.has(c.id ?? "") || already.has(c.sourceId ?? "")) {
      result.skipped++;
      const existing = known.get(c.id ?? "") ?? known.get(c.sourceId ?? "");
      if (existing) placed.set(c.ref, existing);
      return Boolean(existing);
    }
    const key = keyOfRef.get(c.threadRef);
    const threadId = key ? threadIdOfKey.get(key) : undefined;
    if (!threadId) return fail(c, "missing thread");
    let parent: { id: string; thread: string; root: string; path: string; depth: number } | undefined;
    if (c.parentRef) {
      const p = byRef.get(c.parentRef);
      if (p && !resolving.has(p.ref)) {
        resolving.add(c.ref);
        if (await place(p)) parent = placed.get(p.ref);
        resolving.delete(c.ref);
      } else parent = known.get(c.parentRef);
      if (!parent || parent.thread !== threadId) return fail(c, "unknown parent");
    }
    const id = c.id ?? timeId(Date.parse(c.createdAt));
    const path = parent ? `${parent.path}/${id}` : id;
    const spot = {
      id,
      thread: threadId,
      root: parent?.root ?? id,
      path,
      depth: parent ? parent.depth + 1 : 0,
    };
    placed.set(c.ref, spot);
    rows.push({
      id,
      threadId,
      siteId,
      parentId: parent?.id ?? null,
      rootId: spot.root,
      path,
      depth: spot.depth,
      status: c.status,
      pinned: c.pinned ? 1 : 0,
      likes: c.likes,
      authorName: c.author.name.slice(0, 80),
      authorEmail: c.author.email?.toLowerCase() ?? null,
      authorWebsite: c.author.website,
      avatarSeed: (await hmacHex(q.secret, `avatar:${c.author.email?.toLowerCase() || c.author.name}`)).slice(
        0,
        16,
      ),
      isModerator: c.author.isModerator ? 1 : 0,
      text: c.text,
      // An empty text (a placeholder) has nothing to render; the schema's 1-character rule is for new posts.
      html: c.text === "" ? "" : renderMarkdown(c.text),
      rendererVersion: RENDERER_VERSION,
      moderationReasons: JSON.stringify(c.reasons),
      sourceId: c.sourceId,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
    });
    return true;
  };
  const fail = (c: ImportComment, reason: string) => {
    result.errors.push({ entry: `comment ${c.ref}`, reason });
    result.skipped++;
    return false;
  };
  for (const c of parsed.comments) await place(c);

  for (const part of chunks(rows)) await insertComments(db, part, now).run();
  result.comments = rows.length;
  const touched = [...new Set(rows.map((r) => r.threadId))];
  for (const part of chunks(touched)) await db.batch(recount(db, part));
  if (result.threads + result.comments === 0) return result;
  await insertAudit(
    db,
    auditOf(actor, now, {
      siteId,
      action: "site.import",
      target: siteId,
      detail: {
        format: q.format,
        threads: result.threads,
        comments: result.comments,
        skipped: result.skipped,
      },
    }),
  ).run();
  return result;
}
