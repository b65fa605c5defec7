-- A site's blocked sources (docs/social.md, "Moderating them"): the sites and servers whose
-- Webmentions, Mastodon replies and Bluesky replies are refused, as a JSON array of host names
-- (each also blocks its subdomains).
ALTER TABLE sites ADD COLUMN blocked_sources TEXT NOT NULL DEFAULT '[]';
