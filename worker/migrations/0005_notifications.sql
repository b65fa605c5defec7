-- Notifications (issue #7): the mail outbox and webhook delivery records.

-- Every mail Confab sends. The `log` provider (development) only writes here; the `http`
-- provider writes here too and records whether the mail API took it.
CREATE TABLE outbox (
  id         TEXT PRIMARY KEY,
  site_id    TEXT NOT NULL,
  to_addr    TEXT NOT NULL,
  subject    TEXT NOT NULL,
  text       TEXT NOT NULL,
  html       TEXT NOT NULL,
  provider   TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('logged', 'sent', 'failed')),
  error      TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX outbox_by_site ON outbox (site_id, id);

-- One row per webhook event, updated on each delivery attempt (the queue retries failures).
CREATE TABLE webhook_deliveries (
  id           TEXT PRIMARY KEY,
  site_id      TEXT NOT NULL,
  event        TEXT NOT NULL,
  url          TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_status  INTEGER,
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_by_site ON webhook_deliveries (site_id, id);
