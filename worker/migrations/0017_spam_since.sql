-- Spam retention (services/spam-retention.ts): the daily cleanup erases spam comments some days
-- after they became spam (`updated_at`: a status change sets it). This keeps that lookup to the
-- spam rows themselves, however large the site.
CREATE INDEX comments_spam_since ON comments (updated_at) WHERE status = 'spam';
