-- Anti-spam (issue #6): fixed-window rate limits counted in D1, and the site settings the checks read.

-- One row per (limit key, window). `key` is `m:<site>:<network>` (per minute) or
-- `h:<site>:<network>` (per hour); `window_start` is the window's start in epoch seconds.
CREATE TABLE rate_limits (
  key          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
) WITHOUT ROWID;
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

-- What a blocked word does: hold the comment for a moderator, or reject it outright.
ALTER TABLE sites ADD COLUMN blocked_words_action TEXT NOT NULL DEFAULT 'hold'
  CHECK (blocked_words_action IN ('hold', 'reject'));
-- How long network hashes are kept on comments before the cleanup clears them.
ALTER TABLE sites ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90;
