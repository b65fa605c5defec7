-- Versions for cached reads (issue #8): GET /threads and GET /counts are answered from the Workers
-- Cache API under a key that contains these numbers, so a write only has to change the number for
-- every later read to miss the old entry. Triggers keep them, in the same statement as the write
-- itself: no write path (API, import, merge, an operator's own SQL) can forget one.
-- Note for code that counts rows: D1 reports a statement's `meta.changes` including the rows its
-- triggers changed, so a count of updated comments must come from `RETURNING` or a SELECT.

-- Changes whenever a read of the thread could return something else: its own row (title, url,
-- page key, lock, count) or any visible comment in it.
ALTER TABLE threads ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- Changes whenever the comment count of one of the site's pages does.
ALTER TABLE sites ADD COLUMN counts_version INTEGER NOT NULL DEFAULT 0;

-- A new row starts at a random number below 2^48 (exact in a JavaScript number, with room to
-- count up), not at 0: a thread or site removed and created again under the same id (a merge
-- followed by a re-import, tests resetting their data) must not meet the entries of its
-- predecessor still in the cache.
UPDATE threads SET version = abs(random() % 281474976710656);
UPDATE sites SET counts_version = abs(random() % 281474976710656);

CREATE TRIGGER threads_version_start AFTER INSERT ON threads
BEGIN
  UPDATE threads SET version = abs(random() % 281474976710656) WHERE id = NEW.id;
END;

CREATE TRIGGER sites_counts_version_start AFTER INSERT ON sites
BEGIN
  UPDATE sites SET counts_version = abs(random() % 281474976710656) WHERE id = NEW.id;
END;

-- The thread's own answer fields. `version` is not in the list, so this cannot fire itself.
CREATE TRIGGER threads_version_on_update AFTER UPDATE OF page_key, url, title, locked, comment_count ON threads
BEGIN
  UPDATE threads SET version = version + 1 WHERE id = NEW.id;
END;

-- Comments: only rows a reader can see (approved, or a deleted placeholder) change a thread's
-- answer, so a held or spam comment posted or edited leaves the cached answer valid; that keeps
-- the cache effective while a spam wave is being held. A status change from or to a visible
-- status counts, as does a move to another thread (merge: both threads change). The column
-- list is every column a public read returns (PUBLIC_COLUMNS in worker/src/db/comments.ts, which
-- a test compares with it), so the daily cleanup of network hashes does not touch versions.
CREATE TRIGGER comments_version_on_insert AFTER INSERT ON comments
WHEN NEW.status IN ('approved', 'deleted')
BEGIN
  UPDATE threads SET version = version + 1 WHERE id = NEW.thread_id;
END;

CREATE TRIGGER comments_version_on_update AFTER UPDATE OF id, thread_id, site_id, parent_id, root_id, path,
  depth, status, pinned, likes, reply_count, author_name, author_website, avatar_seed, is_moderator, html,
  created_at, edited_at ON comments
WHEN OLD.status IN ('approved', 'deleted') OR NEW.status IN ('approved', 'deleted')
BEGIN
  UPDATE threads SET version = version + 1 WHERE id IN (OLD.thread_id, NEW.thread_id);
END;

CREATE TRIGGER comments_version_on_delete AFTER DELETE ON comments
WHEN OLD.status IN ('approved', 'deleted')
BEGIN
  UPDATE threads SET version = version + 1 WHERE id = OLD.thread_id;
END;

-- Counts: a page's count changed, a thread moved to another page key, or a counted thread
-- appeared (bulk insert with its count) or went away (merge).
CREATE TRIGGER threads_counts_on_update AFTER UPDATE OF comment_count, page_key ON threads
WHEN OLD.comment_count IS NOT NEW.comment_count OR OLD.page_key IS NOT NEW.page_key
BEGIN
  UPDATE sites SET counts_version = counts_version + 1 WHERE id = NEW.site_id;
END;

CREATE TRIGGER threads_counts_on_insert AFTER INSERT ON threads
WHEN NEW.comment_count <> 0
BEGIN
  UPDATE sites SET counts_version = counts_version + 1 WHERE id = NEW.site_id;
END;

CREATE TRIGGER threads_counts_on_delete AFTER DELETE ON threads
WHEN OLD.comment_count <> 0
BEGIN
  UPDATE sites SET counts_version = counts_version + 1 WHERE id = OLD.site_id;
END;
