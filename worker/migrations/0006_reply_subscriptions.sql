-- Reply notifications (issue #7): consent per site and address, given by double opt-in.
CREATE TABLE reply_subscriptions (
  site_id         TEXT NOT NULL,
  email           TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  asked_at        TEXT,                -- when the last confirmation mail went out
  confirmed_at    TEXT,
  unsubscribed_at TEXT,
  PRIMARY KEY (site_id, email)
) WITHOUT ROWID;
CREATE INDEX outbox_by_recipient ON outbox (to_addr, created_at);
