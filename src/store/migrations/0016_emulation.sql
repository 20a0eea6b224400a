-- 0016: emulation movement, titles and rewards
-- (shared/formats/emulation.md). Rule sets are data (their JSON kept
-- whole, read by io/emulation_io.c). Proposals are never stored: they
-- are derived from the year's record (core/emulation.c); what is stored
-- is what people decided: votes, decisions and their awards, and the
-- inputs (initiatives, past awards).

CREATE TABLE emu_ruleset (
  code TEXT PRIMARY KEY,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  body TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

CREATE TABLE emu_initiative (
  code TEXT PRIMARY KEY,
  year BIGINT NOT NULL,
  staff_code TEXT NOT NULL,
  title TEXT NOT NULL,
  level TEXT NOT NULL,
  decision TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- Awards of the years before parindex (`award import`).
CREATE TABLE emu_past_award (
  year BIGINT NOT NULL,
  candidate TEXT NOT NULL,
  title TEXT NOT NULL,
  decision TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (year, candidate, title)
);

-- The council's secret-ballot result per candidate and title.
CREATE TABLE emu_vote (
  year BIGINT NOT NULL,
  title TEXT NOT NULL,
  candidate TEXT NOT NULL,
  yes BIGINT NOT NULL,
  members BIGINT NOT NULL,
  voted_at TEXT NOT NULL,
  voted_by TEXT NOT NULL,
  PRIMARY KEY (year, title, candidate)
);

CREATE TABLE emu_decision (
  number TEXT PRIMARY KEY,
  year BIGINT NOT NULL,
  unit_code TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  rules TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  decided_by TEXT NOT NULL
);

-- One title awarded by a decision; cash in VND (0 for the titles whose
-- cash the highest-only rule gives to another).
CREATE TABLE emu_award (
  decision TEXT NOT NULL,
  year BIGINT NOT NULL,
  candidate TEXT NOT NULL,
  kind TEXT NOT NULL,
  candidate_unit TEXT NOT NULL,
  title TEXT NOT NULL,
  cash BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (decision, candidate, title)
);
CREATE INDEX emu_award_year ON emu_award(year, candidate);

-- The movement a unit launches for a year (app/emulation_movement.c,
-- states on the workflow mechanism: open, closed) and the registrations
-- of its collectives and individuals with their commitments.
CREATE TABLE emu_movement (
  unit_code TEXT NOT NULL,
  year BIGINT NOT NULL,
  title TEXT NOT NULL,
  targets TEXT NOT NULL,
  deadline TEXT NOT NULL,
  state TEXT NOT NULL,
  launched_at TEXT NOT NULL,
  PRIMARY KEY (unit_code, year)
);

CREATE TABLE emu_registration (
  unit_code TEXT NOT NULL,
  year BIGINT NOT NULL,
  candidate TEXT NOT NULL,
  commitment TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  PRIMARY KEY (unit_code, year, candidate)
);
