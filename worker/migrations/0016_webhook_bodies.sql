-- A webhook event's body waits here, not in the queue (docs/security.md, "What is stored"): the
-- queue's message names the delivery only, so erasing a comment can still empty the events about
-- it that have not gone out yet (db/erase.ts), which a body held by the Cloudflare Queue for up to
-- 8 retries could not. `body` is emptied once the event is delivered or given up on;
-- `erased_at` says an erase emptied it first, and the consumer then drops the event.
ALTER TABLE webhook_deliveries ADD COLUMN comment_id TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN body TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN erased_at TEXT;
-- The erase's lookup: only events still waiting with a body are in it.
CREATE INDEX webhook_deliveries_waiting ON webhook_deliveries (comment_id) WHERE body IS NOT NULL;
