-- A thread page in one index walk (docs/performance.md, "Misses"). `walk` = 1 marks the rows
-- the page walk returns: every unpinned root, and each reply among the first 100 visible replies
-- (LIMITS.repliesPerRoot, in path order) of a visible, unpinned root. comments_page_walk then holds
-- a thread's page rows in page order (root, then its subtree depth-first), so a page is one range
-- of one index: D1 reads about one row per row returned instead of four. Pinned roots and their
-- replies (walk = 0) are read apart, the old way, on the first page only.
--
-- The triggers below keep `walk` right whatever writes a comment (posts, moderation, edits,
-- deletion, erasure, imports, merges): each change of a reply's visibility, a root's pin or
-- visibility, or a new or removed row re-marks that root's subtree. Only rows whose mark changes
-- are written: the two updates range over comments_page_walk, and the 100th visible reply's path
-- is found by comments_by_root_path. `walk` is in no version trigger's column list, so marking
-- does not change a thread's version (the rows a reader sees are the same).

ALTER TABLE comments ADD COLUMN walk INTEGER NOT NULL DEFAULT 0;

CREATE INDEX comments_page_walk ON comments (thread_id, walk, root_id, path)
  WHERE status IN ('approved', 'deleted');

UPDATE comments SET walk = 1 WHERE parent_id IS NULL AND pinned = 0;

UPDATE comments SET walk = 1
WHERE parent_id IS NOT NULL AND status IN ('approved', 'deleted')
  AND EXISTS (SELECT 1 FROM comments o WHERE o.id = comments.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted'))
  AND (SELECT COUNT(*) FROM comments x WHERE x.root_id = comments.root_id AND x.parent_id IS NOT NULL
        AND x.status IN ('approved', 'deleted') AND x.path < comments.path) < 100;

CREATE TRIGGER comments_walk_on_insert AFTER INSERT ON comments
WHEN NEW.parent_id IS NULL OR NEW.status IN ('approved', 'deleted')
BEGIN
  UPDATE comments SET walk = 1 WHERE id = NEW.id AND parent_id IS NULL AND pinned = 0;
  UPDATE comments SET walk = 1
  WHERE thread_id = NEW.thread_id AND walk = 0 AND root_id = NEW.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND path <= COALESCE((SELECT x.path FROM comments x WHERE x.root_id = NEW.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
    AND EXISTS (SELECT 1 FROM comments o WHERE o.id = NEW.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted'));
  UPDATE comments SET walk = 0
  WHERE thread_id = NEW.thread_id AND walk = 1 AND root_id = NEW.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND (path > COALESCE((SELECT x.path FROM comments x WHERE x.root_id = NEW.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
      OR NOT EXISTS (SELECT 1 FROM comments o WHERE o.id = NEW.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted')));
END;

CREATE TRIGGER comments_walk_on_status AFTER UPDATE OF status ON comments
WHEN (OLD.status IN ('approved', 'deleted')) <> (NEW.status IN ('approved', 'deleted'))
BEGIN
  UPDATE comments SET walk = 1
  WHERE thread_id = NEW.thread_id AND walk = 0 AND root_id = NEW.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND path <= COALESCE((SELECT x.path FROM comments x WHERE x.root_id = NEW.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
    AND EXISTS (SELECT 1 FROM comments o WHERE o.id = NEW.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted'));
  UPDATE comments SET walk = 0
  WHERE thread_id = NEW.thread_id AND walk = 1 AND root_id = NEW.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND (path > COALESCE((SELECT x.path FROM comments x WHERE x.root_id = NEW.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
      OR NOT EXISTS (SELECT 1 FROM comments o WHERE o.id = NEW.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted')));
END;

CREATE TRIGGER comments_walk_on_pin AFTER UPDATE OF pinned ON comments
WHEN NEW.parent_id IS NULL AND OLD.pinned <> NEW.pinned
BEGIN
  UPDATE comments SET walk = (NEW.pinned = 0) WHERE id = NEW.id;
  UPDATE comments SET walk = 1
  WHERE thread_id = NEW.thread_id AND walk = 0 AND root_id = NEW.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND path <= COALESCE((SELECT x.path FROM comments x WHERE x.root_id = NEW.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
    AND EXISTS (SELECT 1 FROM comments o WHERE o.id = NEW.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted'));
  UPDATE comments SET walk = 0
  WHERE thread_id = NEW.thread_id AND walk = 1 AND root_id = NEW.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND (path > COALESCE((SELECT x.path FROM comments x WHERE x.root_id = NEW.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
      OR NOT EXISTS (SELECT 1 FROM comments o WHERE o.id = NEW.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted')));
END;

CREATE TRIGGER comments_walk_on_delete AFTER DELETE ON comments
WHEN OLD.parent_id IS NOT NULL AND OLD.status IN ('approved', 'deleted')
BEGIN
  UPDATE comments SET walk = 1
  WHERE thread_id = OLD.thread_id AND walk = 0 AND root_id = OLD.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND path <= COALESCE((SELECT x.path FROM comments x WHERE x.root_id = OLD.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
    AND EXISTS (SELECT 1 FROM comments o WHERE o.id = OLD.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted'));
  UPDATE comments SET walk = 0
  WHERE thread_id = OLD.thread_id AND walk = 1 AND root_id = OLD.root_id AND parent_id IS NOT NULL AND status IN ('approved', 'deleted')
    AND (path > COALESCE((SELECT x.path FROM comments x WHERE x.root_id = OLD.root_id AND x.parent_id IS NOT NULL
      AND x.status IN ('approved', 'deleted') ORDER BY x.path LIMIT 1 OFFSET 99), '~')
      OR NOT EXISTS (SELECT 1 FROM comments o WHERE o.id = OLD.root_id AND o.pinned = 0 AND o.status IN ('approved', 'deleted')));
END;
