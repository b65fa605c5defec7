-- Reports (issue #15): readers flag a comment with a reason; after `report_threshold` distinct
-- readers (the reader key of likes) it is held for a moderator, through the moderation module.

-- How many distinct readers hold a comment (1..100; default 3).
ALTER TABLE sites ADD COLUMN report_threshold INTEGER NOT NULL DEFAULT 3;

-- One report per reader and comment; a second report by the same reader replaces the first.
-- A report counts while it is newer than the comment's last moderator decision
-- (comments.moderated_at): a moderator's approval clears the reports before it.
CREATE TABLE reports (
  comment_id  TEXT NOT NULL,
  reader_hash TEXT NOT NULL,
  site_id     TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (comment_id, reader_hash)
) WITHOUT ROWID;

-- The dashboard's list: a site's reports, newest first.
CREATE INDEX reports_by_site ON reports (site_id, created_at);

-- A removed comment takes its reports with it, whichever path removed it.
CREATE TRIGGER reports_of_deleted_comment AFTER DELETE ON comments
BEGIN
  DELETE FROM reports WHERE comment_id = OLD.id;
END;
