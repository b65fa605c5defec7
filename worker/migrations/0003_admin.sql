-- Moderation (issue #5): moderator tokens, bans and the audit log.

-- Site-scoped moderator tokens, minted by the operator. Only the SHA-256 of a token is stored.
CREATE TABLE admin_tokens (
  id           TEXT PRIMARY KEY,
  label        TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  sites        TEXT NOT NULL DEFAULT '[]',   -- JSON array of site ids
  created_at   TEXT NOT NULL,
  last_used_at TEXT
);

-- Bans by email or by network hash (`kind` = 'ip'; the address itself is never stored).
CREATE TABLE bans (
  id         TEXT PRIMARY KEY,
  site_id    TEXT NOT NULL REFERENCES sites(id),
  kind       TEXT NOT NULL CHECK (kind IN ('ip', 'email')),
  value      TEXT NOT NULL,
  reason     TEXT,
  expires_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX bans_by_target ON bans (site_id, kind, value);

-- Every admin action, written in the same batch as its effect.
CREATE TABLE audit_log (
  id      TEXT PRIMARY KEY,                      -- time-ordered
  site_id TEXT,
  actor   TEXT NOT NULL,                         -- the acting token's label
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  detail  TEXT NOT NULL DEFAULT '{}',            -- JSON
  at      TEXT NOT NULL
);
CREATE INDEX audit_by_site ON audit_log (site_id, id);

-- Admin lists, newest first.
CREATE INDEX threads_by_site ON threads (site_id, id);
CREATE INDEX comments_by_status ON comments (status, id);
