-- 0007: the one-time message a page shows after a form (a "flash"),
-- kept on the server per session instead of in the URL, so no link can
-- make the site show a text as its own. Keyed by the session's token hash
-- (web_session.token_hash): only that session ever reads it; one per
-- session (the newest replaces it); taken (read and deleted) by the next
-- page that session draws. kind: 'ok' (message: an English msgid,
-- translated when shown) or 'error' (message: a diagnostic already in the
-- user's language). A flash whose session is gone is purged by age.
CREATE TABLE web_flash (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX web_flash_created ON web_flash(created_at);
