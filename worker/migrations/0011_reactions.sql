-- Reactions (issue #15): a site's chosen emoji (at most 8), one reaction of each kind per reader
-- on the page and on each comment, toggled. A reader is the keyed hash of likes (0002): the
-- network hash and the widget's random id, never a stored address.

-- The site's emoji, in the order the widget shows them (a JSON array; [] turns reactions off).
ALTER TABLE sites ADD COLUMN reactions TEXT NOT NULL DEFAULT '["👍","❤️","😄","🎉","😮","🤔"]';

-- The counts, as a JSON object { emoji: count } of the non-zero ones, kept on the rows a thread
-- page reads anyway: a page stays two D1 round trips. Recounted from `reactions` in the batch of
-- each reaction (db/reactions.ts), so they cannot drift.
ALTER TABLE threads ADD COLUMN reactions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE comments ADD COLUMN reactions TEXT NOT NULL DEFAULT '{}';

-- One row per reader, target and emoji. `kind` tells a page (target = the thread id) from a
-- comment (target = the comment id), so the two id spaces never meet.
CREATE TABLE reactions (
  kind        TEXT NOT NULL CHECK (kind IN ('page', 'comment')),
  target      TEXT NOT NULL,
  emoji       TEXT NOT NULL,
  reader_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (kind, target, emoji, reader_hash)
) WITHOUT ROWID;

-- A removed comment or thread takes its reactions with it, whichever path removed it (erasure,
-- a merge, an operator's SQL).
CREATE TRIGGER reactions_of_deleted_comment AFTER DELETE ON comments
BEGIN
  DELETE FROM reactions WHERE kind = 'comment' AND target = OLD.id;
END;

CREATE TRIGGER reactions_of_deleted_thread AFTER DELETE ON threads
BEGIN
  DELETE FROM reactions WHERE kind = 'page' AND target = OLD.id;
END;

-- The counts are in public reads, so they change the thread's answer (0007).
DROP TRIGGER threads_version_on_update;
CREATE TRIGGER threads_version_on_update AFTER UPDATE OF page_key, url, title, locked, comment_count,
  reactions ON threads
BEGIN
  UPDATE threads SET version = version + 1 WHERE id = NEW.id;
END;

DROP TRIGGER comments_version_on_update;
CREATE TRIGGER comments_version_on_update AFTER UPDATE OF id, thread_id, site_id, parent_id, root_id, path,
  depth, status, pinned, likes, reactions, reply_count, author_name, author_website, avatar_seed,
  is_moderator, author_verified, html, created_at, edited_at ON comments
WHEN OLD.status IN ('approved', 'deleted') OR NEW.status IN ('approved', 'deleted')
BEGIN
  UPDATE threads SET version = version + 1 WHERE id IN (OLD.thread_id, NEW.thread_id);
END;
