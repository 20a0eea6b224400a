-- 0001: the unit register, staff, and the audit log.
-- Portable SQL (SQLite and PostgreSQL); macros in docs/internals/db.md.
-- Dates are TEXT 'YYYY-MM-DD' (they sort and compare as dates); NULL
-- valid_from means "since the beginning", NULL valid_to "still exists".

CREATE TABLE unit (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id BIGINT REFERENCES unit(id),
  valid_from TEXT,
  valid_to TEXT,
  payroll_quota BIGINT
);
CREATE INDEX unit_parent ON unit(parent_id);
CREATE INDEX unit_kind ON unit(kind);

-- A unit that ended hands over to its successors (merge: several units
-- name the same successor; split: one unit names several; rename: one to
-- one).
CREATE TABLE unit_successor (
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  successor_id BIGINT NOT NULL REFERENCES unit(id),
  PRIMARY KEY (unit_id, successor_id)
);
CREATE INDEX unit_successor_succ ON unit_successor(successor_id);

CREATE TABLE staff (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  category TEXT NOT NULL,
  position TEXT,
  valid_from TEXT,
  valid_to TEXT
);
CREATE INDEX staff_unit ON staff(unit_id);

-- Hash-chained audit log: hash = SHA-256 over the previous hash and this
-- entry's fields (src/store/repo_audit.c); seq is gap-free and unique, so
-- two writers cannot fork the chain.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
