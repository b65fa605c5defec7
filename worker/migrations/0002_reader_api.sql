-- Reader API, complete (issue #3): likes, idempotent retries, and the indexes of the new reads.

-- One like per reader per comment. A reader is a keyed hash of the truncated network address and
-- the user agent (no cookie); the counter itself lives in comments.likes, updated in the same batch.
CREATE TABLE likes (
  comment_id  TEXT NOT NULL,
  reader_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (comment_id, reader_hash)
) WITHOUT ROWID;

-- First answers to POSTs that carried an Idempotency-Key, kept 24 hours. The edit token is not
-- stored here (it is derived again from the comment id); `body` is the answer without it.
CREATE TABLE idempotency_keys (
  site_id    TEXT NOT NULL,
  key        TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (site_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);

-- A page's feed: its newest approved comments.
CREATE INDEX comments_by_thread_status ON comments (thread_id, status, id);
-- Children of a comment (delete decides between placeholder and removal).
CREATE INDEX comments_by_parent ON comments (parent_id);
-- Moderation mode `first`: has this author been approved on this site before?
CREATE INDEX comments_by_site_email ON comments (site_id, author_email) WHERE author_email IS NOT NULL;
CREATE INDEX comments_by_site_network ON comments (site_id, network_hash) WHERE network_hash IS NOT NULL;
