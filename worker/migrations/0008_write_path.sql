-- The write path (issue #9): what the moderation module, single-use links, erasure and atomic
-- limits need.

-- When a moderator last acted on the comment (a decision, an edit, a pin): the author's edit
-- window closes then, so an approved text cannot be swapped afterwards.
ALTER TABLE comments ADD COLUMN moderated_at TEXT;
-- When the parent's author was mailed about this reply: at most one reply mail per reply, whether
-- the reply was published at once or approved later.
ALTER TABLE comments ADD COLUMN reply_mailed_at TEXT;

-- Which comment a mail is about, so erasing the comment redacts its mails too; and when a mail
-- was redacted (the row stays, emptied, so delivery counts still add up).
ALTER TABLE outbox ADD COLUMN comment_id TEXT;
ALTER TABLE outbox ADD COLUMN erased_at TEXT;
CREATE INDEX outbox_by_comment ON outbox (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX outbox_by_created ON outbox (created_at);
CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries (created_at);

-- An idempotent POST remembers what it was asked (a hash of the validated body): the same key
-- with another body is refused instead of answered with the first comment's edit token.
ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';

-- Rate limits as one row per limited thing (`post:<site>:<network>`, `like:<network>`) holding
-- its current minute and hour windows, so one UPSERT checks both limits and takes the slot in
-- the same statement: parallel requests cannot all read "4 of 5" and all pass.
CREATE TABLE rate_slots (
  key          TEXT PRIMARY KEY,
  minute_start INTEGER NOT NULL,
  minute_count INTEGER NOT NULL,
  hour_start   INTEGER NOT NULL,
  hour_count   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rate_slots_by_hour ON rate_slots (hour_start);
DROP TABLE rate_limits;

-- Duplicate checks look at one network's or one address's comments of the last day on a site.
CREATE INDEX comments_by_site_network_time ON comments (site_id, network_hash, id) WHERE network_hash IS NOT NULL;
