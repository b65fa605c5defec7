-- Comments from the open web (issue #15): Webmentions, Mastodon and Bluesky replies. A
-- remote comment is a comment like any other (moderated, sanitised, counted); these columns say
-- where it came from. Its author's name and page are the comment's own `author_name` and
-- `author_website`, so nothing is stored twice.

-- 'webmention' | 'mastodon' | 'bluesky'; null for a comment written here.
ALTER TABLE comments ADD COLUMN source_kind TEXT CHECK (source_kind IN ('webmention', 'mastodon', 'bluesky'));
-- The original post's public URL.
ALTER TABLE comments ADD COLUMN source_url TEXT;
-- The author's handle on their network (`@ana@social.example`); null for a Webmention.
ALTER TABLE comments ADD COLUMN source_handle TEXT;
-- The post's id at its source (for a Webmention, its source URL): the same post sent or pulled
-- again updates its comment instead of adding one.
ALTER TABLE comments ADD COLUMN remote_id TEXT;
CREATE UNIQUE INDEX comments_by_remote ON comments (thread_id, remote_id) WHERE remote_id IS NOT NULL;

-- Likes and reposts (`u-like-of`, `u-repost-of`) are counted, not shown: the counts live on the
-- thread row a page reads anyway (a thread page stays two D1 round trips), recounted from
-- `webmentions` in the batch of each verification so they cannot drift.
ALTER TABLE threads ADD COLUMN mention_likes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN mention_reposts INTEGER NOT NULL DEFAULT 0;

-- One row per received (source, target) pair of a site: the status a sender reads at
-- GET /api/v1/webmention/:id. A resend of the same pair reuses the row (and its id).
-- status: queued (received, not yet verified), accepted (stored as a comment or counted),
-- rejected (`error` says why; nothing else written), removed (the source is gone or no longer
-- links; its comment was removed).
-- kind: what the source was found to be: reply (a comment), like, repost, or mention (a page that
-- only links: a comment too, without `u-in-reply-to`).
CREATE TABLE webmentions (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  page_key    TEXT NOT NULL,
  source      TEXT NOT NULL,
  target      TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'accepted', 'rejected', 'removed')),
  kind        TEXT CHECK (kind IN ('reply', 'mention', 'like', 'repost')),
  comment_id  TEXT,
  error       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (site_id, source, target)
);
-- The counts of a page (kind and status), and the daily cleanup of old refusals.
CREATE INDEX webmentions_by_page ON webmentions (site_id, page_key, kind, status);
CREATE INDEX webmentions_by_update ON webmentions (updated_at);

-- The counts and the source are in public reads, so they change the thread's answer (0007).
DROP TRIGGER threads_version_on_update;
CREATE TRIGGER threads_version_on_update AFTER UPDATE OF page_key, url, title, locked, comment_count,
  reactions, mention_likes, mention_reposts ON threads
BEGIN
  UPDATE threads SET version = version + 1 WHERE id = NEW.id;
END;

DROP TRIGGER comments_version_on_update;
CREATE TRIGGER comments_version_on_update AFTER UPDATE OF id, thread_id, site_id, parent_id, root_id, path,
  depth, status, pinned, likes, reactions, reply_count, author_name, author_website, avatar_seed,
  is_moderator, author_verified, html, created_at, edited_at, source_kind, source_url, source_handle
  ON comments
WHEN OLD.status IN ('approved', 'deleted') OR NEW.status IN ('approved', 'deleted')
BEGIN
  UPDATE threads SET version = version + 1 WHERE id IN (OLD.thread_id, NEW.thread_id);
END;
