-- Verified readers without accounts (issue #10). An identity belongs to one site, so the same
-- person on two Confab sites has two identities that nothing links. It is keyed by how it was
-- proven (`kind`) and that method's stable subject: the lower-cased address for `email`, the
-- provider's user id for `github` and `google`, `<issuer> <sub>` for `oidc`, the site's own user id
-- for `sso`. Passkeys and sessions hang off an identity and go with it. A provider's picture is
-- never stored or shown (loading it would tell the provider who reads the page): the avatar is
-- generated from the identity.

CREATE TABLE identities (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('email', 'github', 'google', 'oidc', 'sso')),
  subject     TEXT NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  email       TEXT,                         -- a verified address (lower-cased), or null
  is_staff    INTEGER NOT NULL DEFAULT 0,   -- marked by a moderator: may use reserved names, gets the badge
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (site_id, kind, subject)
);
CREATE INDEX identities_by_email ON identities (site_id, email) WHERE email IS NOT NULL;

-- A signed-in reader's bearer token: only its SHA-256 is stored. One site, 30 days, revocable.
CREATE TABLE reader_sessions (
  id           TEXT PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  identity_id  TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  site_id      TEXT NOT NULL,
  method       TEXT NOT NULL CHECK (method IN ('email', 'passkey', 'github', 'google', 'oidc', 'sso')),
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  expires_at   TEXT NOT NULL
);
CREATE INDEX reader_sessions_by_identity ON reader_sessions (identity_id);
CREATE INDEX reader_sessions_by_site ON reader_sessions (site_id, created_at);
CREATE INDEX reader_sessions_by_expiry ON reader_sessions (expires_at);

-- Six-digit sign-in codes sent by mail. The code and the link's secret are stored as keyed hashes;
-- `tries` counts wrong codes (5 kill it), `used_at` makes both single-use.
CREATE TABLE email_codes (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  email       TEXT NOT NULL,
  code_hash   TEXT NOT NULL,
  link_hash   TEXT NOT NULL UNIQUE,
  return_url  TEXT,                          -- the page the link's confirmation sends the reader back to
  tries       INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT
);
CREATE INDEX email_codes_by_address ON email_codes (site_id, email, created_at);
CREATE INDEX email_codes_by_expiry ON email_codes (expires_at);

-- WebAuthn credentials. A passkey signs in to the identity it was added to.
CREATE TABLE passkeys (
  id           TEXT PRIMARY KEY,             -- the credential id, base64url
  identity_id  TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  site_id      TEXT NOT NULL,
  public_key   TEXT NOT NULL,                -- COSE public key, base64url
  counter      INTEGER NOT NULL DEFAULT 0,
  transports   TEXT NOT NULL DEFAULT '[]',   -- JSON array
  created_at   TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX passkeys_by_identity ON passkeys (identity_id);

-- Short-lived, single-use state of a ceremony in flight: a WebAuthn challenge, or an OAuth
-- authorization's state, PKCE verifier and nonce. Keyed by a hash of the handle the client holds.
CREATE TABLE auth_challenges (
  id          TEXT PRIMARY KEY,
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('passkey-register', 'passkey-login', 'oauth')),
  identity_id TEXT REFERENCES identities(id) ON DELETE CASCADE,
  data        TEXT NOT NULL,                 -- JSON, the ceremony's own fields
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX auth_challenges_by_expiry ON auth_challenges (expires_at);

-- Who may post, and which names only staff identities may use.
ALTER TABLE sites ADD COLUMN posting TEXT NOT NULL DEFAULT 'anyone'
  CHECK (posting IN ('anyone', 'verified', 'verified-or-held'));
ALTER TABLE sites ADD COLUMN reserved_names TEXT NOT NULL DEFAULT '[]';   -- JSON array of names
-- Which sign-in methods the widget offers: `email`, `passkey`, `github`, `google`, `oidc:<name>`.
ALTER TABLE sites ADD COLUMN sign_in TEXT NOT NULL DEFAULT '["email","passkey"]';
-- The site's SSO signing secret (write-only: shown once when made, replaced by rotating).
ALTER TABLE sites ADD COLUMN sso_secret TEXT;

-- Who wrote a comment, when they were signed in, and how they were verified then.
ALTER TABLE comments ADD COLUMN identity_id TEXT REFERENCES identities(id) ON DELETE SET NULL;
ALTER TABLE comments ADD COLUMN author_verified TEXT
  CHECK (author_verified IS NULL OR author_verified IN ('email', 'github', 'google', 'oidc', 'sso'));
CREATE INDEX comments_by_identity ON comments (identity_id) WHERE identity_id IS NOT NULL;

-- `author_verified` is shown in public reads, so changing it changes the thread's answer (0007).
DROP TRIGGER comments_version_on_update;
CREATE TRIGGER comments_version_on_update AFTER UPDATE OF id, thread_id, site_id, parent_id, root_id, path,
  depth, status, pinned, likes, reply_count, author_name, author_website, avatar_seed, is_moderator,
  author_verified, html, created_at, edited_at ON comments
WHEN OLD.status IN ('approved', 'deleted') OR NEW.status IN ('approved', 'deleted')
BEGIN
  UPDATE threads SET version = version + 1 WHERE id IN (OLD.thread_id, NEW.thread_id);
END;
