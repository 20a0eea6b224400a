-- 0003: the web server's users, sessions, API tokens, login throttling and
-- settings. Portable SQL (docs/internals/db.md). Instants are ISO-8601 UTC
-- text 'YYYY-MM-DDTHH:MM:SSZ' (fixed width, so they compare as text).
-- Secrets are never stored: sessions and API tokens by their SHA-256 (hex),
-- passwords as argon2id strings (libsodium crypto_pwhash_str).

-- unit_code names the unit of a role that needs one (reporter, staff) by
-- its code, not by unit.id: codes are the register's stable keys, and the
-- demo's --force and re-imports delete and re-create unit rows.
CREATE TABLE web_user (
  id @ID@,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_code TEXT,
  password_hash TEXT NOT NULL,
  lang TEXT NOT NULL,
  disabled BIGINT NOT NULL,
  created_at TEXT NOT NULL
);

-- csrf is the session's anti-forgery token (not a credential on its own).
CREATE TABLE web_session (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES web_user(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX web_session_user ON web_session(user_id);

CREATE TABLE api_token (
  id @ID@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES web_user(id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_token_user ON api_token(user_id);

-- Failed sign-ins per 'addr:<ip>' and 'login:<login>' in a fixed window.
CREATE TABLE login_attempt (
  attempt_key TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  window_start TEXT NOT NULL
);

-- Settings of the installation ('demo' = '1': the figures are demo data).
CREATE TABLE setting (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
