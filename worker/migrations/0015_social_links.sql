-- Mastodon and Bluesky replies (issue #15, item 2). A moderator links a thread to posts on
-- Mastodon or Bluesky (never the public widget); the replies to each post are pulled from the
-- network's public API and stored as comments (migration 0013's source columns), their remote id
-- being `<link id> <id at the source>` so each link's replies are found, updated and removed
-- apart from the others.

-- One row per linked post. `remote_root` is the post's id as its API knows it (a Mastodon status
-- id on its instance, a Bluesky at:// URI), resolved on the first pull. `pulled_at` is the last
-- attempt; `error` says why it failed (null after a pull that worked).
CREATE TABLE social_links (
  id          TEXT PRIMARY KEY,
  thread_id   TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('mastodon', 'bluesky')),
  url         TEXT NOT NULL,
  remote_root TEXT,
  pulled_at   TEXT,
  error       TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (thread_id, url)
);

-- When the thread's links were last pulled: null for a thread with none, '' for one linked but
-- not pulled yet. It is on the thread row a read already has (a thread page stays two D1 round
-- trips), so a read knows without asking whether a background pull is due. Not in the version
-- trigger: a pull's bookkeeping changes no read.
ALTER TABLE threads ADD COLUMN social_pulled_at TEXT;
CREATE INDEX threads_by_social_pull ON threads (social_pulled_at) WHERE social_pulled_at IS NOT NULL;
