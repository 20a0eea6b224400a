-- 0015: staff evaluation (shared/formats/evaluation.md). Rule sets are
-- data (their JSON kept whole, read by io/evaluation_io.c); points are
-- centi-points (hundredths, BIGINT) so that thresholds compare exactly.
-- Totals and grades are never stored: they are derived from the points
-- and the month's rule set (core/evaluation.c).

CREATE TABLE eval_ruleset (
  code TEXT PRIMARY KEY,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  body TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- One staff member's month; state is the evaluation machine's
-- (app/evaluation.c): draft, self_evaluated, scored, approved.
CREATE TABLE eval_month (
  staff_code TEXT NOT NULL,
  month TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  rules TEXT NOT NULL,
  state TEXT NOT NULL,
  source TEXT NOT NULL,
  approved_at TEXT,
  approved_by TEXT,
  PRIMARY KEY (staff_code, month)
);
CREATE INDEX eval_month_unit ON eval_month(unit_code, month);

-- Points per component and stage (self, manager, approved).
CREATE TABLE eval_point (
  staff_code TEXT NOT NULL,
  month TEXT NOT NULL,
  component TEXT NOT NULL,
  stage TEXT NOT NULL,
  points BIGINT NOT NULL,
  comment TEXT NOT NULL,
  PRIMARY KEY (staff_code, month, component, stage)
);

-- A unit's month: outstanding (the office's mark, with its reason) and
-- the head's approval of the whole month.
CREATE TABLE eval_unit_month (
  unit_code TEXT NOT NULL,
  month TEXT NOT NULL,
  outstanding BIGINT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (unit_code, month)
);

CREATE TABLE eval_discipline (
  staff_code TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  form TEXT NOT NULL,
  decision TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (staff_code, decision_date, decision)
);

CREATE TABLE eval_absence (
  staff_code TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (staff_code, from_date, to_date)
);

-- The office's confirmation of a unit's annual classification: the
-- levels as confirmed (JSON), what the emulation rules read afterwards.
CREATE TABLE eval_unit_year (
  unit_code TEXT NOT NULL,
  year BIGINT NOT NULL,
  levels TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  confirmed_by TEXT NOT NULL,
  PRIMARY KEY (unit_code, year)
);
