-- Confab schema v1: sites, their allowed origins, threads (one per page key) and comments.
-- Designed for the whole of design/api.md so later migrations add columns or side tables only.
-- Times are ISO-8601 UTC text, which sorts correctly as text.

CREATE TABLE sites (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  moderation            TEXT NOT NULL DEFAULT 'none' CHECK (moderation IN ('none', 'links', 'first', 'all')),
  require_name          INTEGER NOT NULL DEFAULT 0,
  require_email         INTEGER NOT NULL DEFAULT 0,
  edit_window_seconds   INTEGER NOT NULL DEFAULT 900,
  max_length            INTEGER NOT NULL DEFAULT 10000,
  max_links             INTEGER NOT NULL DEFAULT 2,
  min_submit_ms         INTEGER NOT NULL DEFAULT 2000,
  rate_limit_per_minute INTEGER NOT NULL DEFAULT 5,
  rate_limit_per_hour   INTEGER NOT NULL DEFAULT 30,
  blocked_words         TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  turnstile_site_key    TEXT,
  turnstile_secret      TEXT,                          -- write-only through the admin API
  notify_emails         TEXT NOT NULL DEFAULT '[]',    -- JSON array of addresses
  webhook_url           TEXT,
  webhook_secret        TEXT,                          -- write-only through the admin API
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);

-- One row per allowed origin, so CORS and page-URL checks are an indexed lookup even when one
-- deployment hosts many sites. `origin` is exact (`https://blog.example.com`) or a scheme+host
-- with any port (`http://localhost:*`), never a suffix match.
CREATE TABLE site_origins (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  origin  TEXT NOT NULL,
  PRIMARY KEY (site_id, origin)
);
CREATE INDEX site_origins_by_origin ON site_origins (origin);

CREATE TABLE threads (
  id            TEXT PRIMARY KEY,
  site_id       TEXT NOT NULL REFERENCES sites(id),
  page_key      TEXT NOT NULL,
  url           TEXT,                                  -- as first posted; null for pageId-only threads
  title         TEXT,
  locked        INTEGER NOT NULL DEFAULT 0,
  comment_count INTEGER NOT NULL DEFAULT 0,            -- approved comments, maintained on write
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (site_id, page_key)
);

CREATE TABLE comments (
  id                 TEXT PRIMARY KEY,                 -- time-ordered, so ids sort like created_at
  thread_id          TEXT NOT NULL REFERENCES threads(id),
  site_id            TEXT NOT NULL REFERENCES sites(id),
  parent_id          TEXT REFERENCES comments(id),
  root_id            TEXT NOT NULL,                    -- top-level ancestor; itself for a root
  path               TEXT NOT NULL,                    -- ancestor ids + own id: depth-first order
  depth              INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL CHECK (status IN ('approved', 'pending', 'spam', 'deleted')),
  pinned             INTEGER NOT NULL DEFAULT 0,
  likes              INTEGER NOT NULL DEFAULT 0,
  reply_count        INTEGER NOT NULL DEFAULT 0,       -- approved direct replies
  author_name        TEXT NOT NULL DEFAULT '',
  author_email       TEXT,                             -- never in a public answer
  author_website     TEXT,
  avatar_seed        TEXT NOT NULL,
  is_moderator       INTEGER NOT NULL DEFAULT 0,
  notify_replies     INTEGER NOT NULL DEFAULT 0,
  text               TEXT NOT NULL,                    -- Markdown source
  html               TEXT NOT NULL,                    -- rendered and sanitised once, on write
  renderer_version   INTEGER NOT NULL,
  edit_token_hash    TEXT,                             -- SHA-256 of the edit token, hex
  network_hash       TEXT,                             -- HMAC of the truncated address, never the address
  moderation_reasons TEXT NOT NULL DEFAULT '[]',       -- JSON array
  source_id          TEXT,                             -- id in the system it was imported from
  created_at         TEXT NOT NULL,
  edited_at          TEXT,
  updated_at         TEXT NOT NULL
);

-- Roots of a thread page: pinned and unpinned roots are separate ranges, read forwards (oldest)
-- or backwards (newest, top), so a page after a cursor is an index seek, never a skip.
CREATE INDEX comments_roots ON comments (thread_id, pinned, id) WHERE parent_id IS NULL;
CREATE INDEX comments_roots_top ON comments (thread_id, pinned, likes, id) WHERE parent_id IS NULL;
-- Replies of a root, depth-first.
CREATE INDEX comments_by_root_path ON comments (root_id, path);
-- Moderation queues and the site feed, newest first.
CREATE INDEX comments_by_site_status ON comments (site_id, status, id);
-- Imports stay idempotent by the source system's id.
CREATE UNIQUE INDEX comments_by_source ON comments (site_id, source_id) WHERE source_id IS NOT NULL;
