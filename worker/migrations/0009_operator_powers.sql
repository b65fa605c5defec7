-- Operator and moderator powers (issue #12): a site's notification addresses must consent.
-- `sites.notify_emails` holds the confirmed addresses, the only ones notification mails go to.
-- An address put on the list waits here, with a signed confirmation link mailed to it, until it
-- follows the link (then it moves to `sites.notify_emails` and its row goes). An address taken off
-- the list before confirming keeps its row, marked withdrawn, only until a day has passed since
-- its last mail: that is what limits confirmation mails to one a day per address and site, even
-- when an address is removed and added again. Its link stops working at once. Addresses already
-- on a site's list when this migration runs were set before consent was asked and stay confirmed.
CREATE TABLE notify_email_requests (
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  email        TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  mailed_at    TEXT,            -- the last confirmation mail to this address for this site
  withdrawn_at TEXT,            -- taken off the list: no longer pending, kept for the mail limit
  PRIMARY KEY (site_id, email)
) WITHOUT ROWID;
