-- 0009: scoped roles. A user holds one or more grants (role, unit): the
-- grant covers the unit and its subtree of the register on the date in
-- question; unit_code NULL is the root (city-wide). Grants are never
-- deleted: a revoke stamps revoked_at/revoked_by, so who could do what
-- and when stays answerable (the audit log has the same events).
-- web_user.role/unit_code stay as the user's first active grant, for
-- display only; access is decided from this table (app/access.c).
CREATE TABLE user_grant (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES web_user(id),
  role TEXT NOT NULL,
  unit_code TEXT,
  granted_at TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
);
CREATE INDEX user_grant_user ON user_grant(user_id, revoked_at);

-- Every existing user keeps exactly the access they had: their one grant.
INSERT INTO user_grant(user_id, role, unit_code, granted_at, granted_by)
  SELECT id, role, unit_code, created_at, 'migration 0009' FROM web_user WHERE id > 0;
