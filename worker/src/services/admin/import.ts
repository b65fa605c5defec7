// Writes parsed imports, one batch at a time: threads by page key, comments parents first with
// their place in the tree, counters recounted with each batch's comments (one atomic D1 batch),
// rows in JSON-parameter chunks that respect D1's limits. A reply finds a parent written by an
// earlier batch or an earlier request through its source id; one whose parent has not come yet
// is held back (bounded) and tried again at the end. Entries already imported (same id or source
// id) are skipped, so importing a file twice adds nothing.

import type { ImportResult } from "../../../../shared/export-format.ts";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import { insertAudit } from "../../db/audit.ts";
import type { Db } from "../../db/database.ts";
import {
  type CommentImportRow,
  existingComments,
  insertComments,
  insertThreads,
  recountThreads,
  type ThreadImportRow,
  threadIdsByKey,
} from "../../db/import.ts";
import { recountReplies } from "../../db/import-counts.ts";
import { httpUrl } from "../../import/fields.ts";
import type { ImportComment, ImportThread, ParsedImport } from "../../import/model.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { timeId } from "../../lib/ids.ts";
import { nowIso } from "../../lib/time.ts";
import { auditOf } from "./audit-id.ts";
import { type PlacedThread, writeOpenWeb } from "./import-open-web.ts";
import {
  chunks,
  commentRow,
  type ExistingRow,
  type ImportOptions,
  MAX_ERRORS,
  MAX_HELD,
  MAX_HELD_CHARS,
  MAX_TEXT_CHARS,
  remap,
  type Spot,
  spotOf,
} from "./import-rows.ts";

export type { ImportOptions, MapRule } from "./import-rows.ts";

/** A whole parsed file in one go (the demo seed; small files). */
export async function applyImport(
  db: Db,
  actor: Actor,
  q: ImportOptions & { parsed: ParsedImport },
): Promise<ImportResult> {
  const writer = new ImportWriter(db, actor, q);
  await writer.write(q.parsed);
  return writer.finish();
}

/** Writes an import batch by batch; `finish` tries the held replies again and audits the whole. */
export class ImportWriter {
  readonly #db: Db;
  readonly #actor: Actor;
  readonly #q: ImportOptions;
  readonly #now = nowIso();
  readonly #result: ImportResult = { threads: 0, comments: 0, skipped: 0, errors: [] };
  #unlisted = 0;
  /** Thread ref → thread id, for the whole import (a Disqus post refers to a thread met earlier). */
  readonly #threadIds = new Map<string, string>();
  #held: ImportComment[] = [];
  #heldChars = 0;

  constructor(db: Db, actor: Actor, q: ImportOptions) {
    this.#db = db;
    this.#actor = actor;
    this.#q = q;
  }

  async write(parsed: ParsedImport): Promise<void> {
    this.#result.skipped += parsed.skipped;
    for (const e of parsed.errors) this.#error(e.entry, e.reason);
    await this.#writeThreads(parsed.threads);
    await this.#writeComments(parsed.comments, false);
  }

  async finish(): Promise<ImportResult> {
    const held = this.#held;
    this.#held = [];
    if (held.length) await this.#writeComments(held, true);
    const result = this.#result;
    if (this.#unlisted)
      result.errors.push({ entry: "…", reason: `${this.#unlisted} more errors not listed` });
    if (result.threads + result.comments > 0) {
      await insertAudit(
        this.#db,
        auditOf(this.#actor, this.#now, {
          siteId: this.#q.siteId,
          action: "site.import",
          target: this.#q.siteId,
          detail: {
            format: this.#q.format,
            threads: result.threads,
            comments: result.comments,
            skipped: result.skipped,
          },
        }),
      ).run();
    }
    return result;
  }

  #error(entry: string, reason: string): void {
    if (this.#result.errors.length < MAX_ERRORS) this.#result.errors.push({ entry, reason });
    else this.#unlisted++;
  }

  /** Threads, keyed by page: per chunk one round trip that looks, inserts and looks again. */
  async #writeThreads(threads: ImportThread[]): Promise<void> {
    const rows: (ThreadImportRow & { ref: string })[] = [];
    for (const t of threads) {
      // The map may rewrite a URL into anything: what is stored is still an http(s) URL.
      const url = httpUrl(remap(t.url, this.#q.map));
      const key = t.key ?? (url ? pageKeyFromUrl(url) : null);
      if (!key || (t.url && !url)) {
        this.#error(`thread ${t.ref}`, "no usable URL");
        continue;
      }
      rows.push({
        ref: t.ref,
        id: t.id ?? timeId(Date.parse(t.createdAt)),
        siteId: this.#q.siteId,
        key,
        url,
        title: t.title,
        locked: t.locked,
        createdAt: t.createdAt,
      });
    }
    const byRef = new Map(threads.map((t) => [t.ref, t]));
    for (const part of chunks(rows)) {
      const keys = [...new Set(part.map((t) => t.key))];
      const [before, , after] = await this.#db.batch<{ id: string; page_key: string }>([
        threadIdsByKey(this.#db, this.#q.siteId, keys),
        insertThreads(
          this.#db,
          part.map(({ ref: _, ...row }) => row),
          this.#now,
        ),
        threadIdsByKey(this.#db, this.#q.siteId, keys),
      ]);
      const existed = new Set(before?.results.map((r) => r.page_key));
      const idOfKey = new Map(after?.results.map((r) => [r.page_key, r.id]));
      this.#result.threads += keys.filter((k) => !existed.has(k) && idOfKey.has(k)).length;
      const placed: PlacedThread[] = [];
      for (const t of part) {
        const id = idOfKey.get(t.key);
        const thread = byRef.get(t.ref);
        if (id) this.#threadIds.set(t.ref, id);
        if (id && thread) placed.push({ thread, id, key: t.key });
      }
      await writeOpenWeb(this.#db, this.#q.siteId, placed, this.#now);
    }
  }

  /** What is stored of these comments and of the parents they name outside the batch. */
  async #lookup(comments: ImportComment[], byRef: Map<string, ImportComment>): Promise<Map<string, Spot>> {
    const wanted = new Set<string>();
    for (const c of comments) {
      if (c.id) wanted.add(c.id);
      if (c.sourceId) wanted.add(c.sourceId);
      if (c.parentRef && !byRef.has(c.parentRef)) wanted.add(c.parentRef);
    }
    const known = new Map<string, Spot>();
    const parts = chunks([...wanted]);
    if (!parts.length) return known;
    const answers = await this.#db.batch<ExistingRow>(
      parts.map((part) => existingComments(this.#db, this.#q.siteId, part, part)),
    );
    for (const answer of answers) {
      for (const r of answer.results) {
        const spot = { id: r.id, thread: r.thread_id, root: r.root_id, path: r.path, depth: r.depth };
        known.set(r.id, spot);
        if (r.source_id) known.set(r.source_id, spot);
      }
    }
    return known;
  }

  /** Comments, parents before children; `final`: nothing more is coming, so nothing is held. */
  async #writeComments(comments: ImportComment[], final: boolean): Promise<void> {
    if (!comments.length) return;
    const byRef = new Map(comments.map((c) => [c.ref, c]));
    const known = await this.#lookup(comments, byRef);
    const rows: CommentImportRow[] = [];
    const placed = new Map<string, Spot>();
    const held = new Set<string>();
    const resolving = new Set<string>();
    const fail = (c: ImportComment, reason: string): "failed" => this.#skip(c, reason);
    const hold = (c: ImportComment): boolean => {
      if (final || !this.#hold(c)) return false;
      held.add(c.ref);
      return true;
    };
    /** The parent's place, "held", or why there is none (the reply becomes an orphan). */
    const parentOf = async (c: ImportComment): Promise<Spot | "held" | string> => {
      const ref = c.parentRef ?? "";
      const p = byRef.get(ref);
      if (p && resolving.has(p.ref)) return "its parent is also its reply";
      if (p) {
        resolving.add(c.ref);
        const state = await place(p);
        resolving.delete(c.ref);
        if (state === "held") return hold(c) ? "held" : "its parent comes too late in the file";
        return placed.get(p.ref) ?? "its parent was not imported";
      }
      const stored = known.get(ref);
      if (stored) return stored;
      if (!c.parentInFile) return "its parent is not in the file";
      return hold(c)
        ? "held"
        : final
          ? "its parent was not imported"
          : "its parent comes too late in the file";
    };
    const place = async (c: ImportComment): Promise<"placed" | "held" | "failed"> => {
      if (placed.has(c.ref)) return "placed";
      if (held.has(c.ref)) return "held";
      const existing = known.get(c.id ?? "") ?? known.get(c.sourceId ?? "");
      if (existing) {
        this.#result.skipped++;
        placed.set(c.ref, existing);
        return "placed";
      }
      const threadId = this.#threadIds.get(c.threadRef);
      if (!threadId) return fail(c, "missing thread");
      if (c.text.length > MAX_TEXT_CHARS) return fail(c, "text too long");
      let parent: Spot | undefined;
      if (c.parentRef) {
        const found = await parentOf(c);
        if (found === "held") return "held";
        const why =
          typeof found === "string"
            ? found
            : found.thread !== threadId
              ? "its parent is on another page"
              : null;
        // An orphan keeps its words at the top level rather than being lost.
        if (why) this.#error(`comment ${c.ref}`, `${why} (${c.parentRef}): imported at the top level`);
        else parent = found as Spot;
      }
      const spot = spotOf(c.id ?? timeId(Date.parse(c.createdAt)), threadId, parent);
      placed.set(c.ref, spot);
      rows.push(await commentRow(c, spot, parent, this.#q));
      return "placed";
    };
    for (const c of comments) await place(c);
    if (rows.length) await this.#insert(rows);
  }

  #skip(c: ImportComment, reason: string): "failed" {
    this.#error(`comment ${c.ref}`, reason);
    this.#result.skipped++;
    return "failed";
  }

  /** Keeps a reply for later (its parent may still come); false when nothing more can be held. */
  #hold(c: ImportComment): boolean {
    if (this.#held.length >= MAX_HELD || this.#heldChars + c.text.length > MAX_HELD_CHARS) return false;
    this.#held.push(c);
    this.#heldChars += c.text.length;
    return true;
  }

  async #insert(rows: CommentImportRow[]): Promise<void> {
    // The batch's comments and the recount of their threads and parents in one atomic D1
    // batch: a thread is never left with comments its counters do not include. Replies are
    // recounted for this batch's parents only, not for every comment of the touched threads.
    const touched = [...new Set(rows.map((r) => r.threadId))];
    const parents = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => p !== null))];
    await this.#db.batch([
      ...chunks(rows).map((part) => insertComments(this.#db, part, this.#now)),
      ...chunks(touched).map((part) => recountThreads(this.#db, part)),
      ...chunks(parents).map((part) => recountReplies(this.#db, part)),
    ]);
    this.#result.comments += rows.length;
  }
}
