-- 0020: the emulation council (hội đồng thi đua, khen thưởng) of a unit
-- for a year: its members (users, by login) and its quorum, and what each
-- vote recorded of the ballot (members present, absent members voting in
-- writing). A vote's threshold is of all members (Decree 98/2023 Art.
-- 30(7)); the quorum is of members taking part (present + in writing).
-- Who may act on a unit's emulation (app_emu_may_act in app/access.c):
-- the office over the unit and the members of its council.
CREATE TABLE emu_council (
  unit_code TEXT NOT NULL,
  year BIGINT NOT NULL,
  quorum_ppm BIGINT NOT NULL,
  set_at TEXT NOT NULL,
  PRIMARY KEY (unit_code, year)
);

CREATE TABLE emu_council_member (
  unit_code TEXT NOT NULL,
  year BIGINT NOT NULL,
  login TEXT NOT NULL,
  name TEXT NOT NULL,
  position TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (unit_code, year, login)
);

-- NULL on the votes recorded before this migration (no council).
ALTER TABLE emu_vote ADD COLUMN council_unit TEXT;
ALTER TABLE emu_vote ADD COLUMN present BIGINT;
ALTER TABLE emu_vote ADD COLUMN written BIGINT;

-- Recognised models (mô hình) to replicate through the city, e.g. a good
-- practice found by an inspection promoted by the office (source_finding:
-- inspection_finding.id, NULL when recorded directly). Public once
-- recognised (/public/models).
CREATE TABLE emu_model (
  code TEXT PRIMARY KEY,
  unit_code TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  level TEXT NOT NULL,
  decision TEXT NOT NULL,
  source_inspection TEXT,
  source_finding BIGINT,
  recognised_on TEXT NOT NULL,
  recognised_by TEXT NOT NULL
);

-- An initiative's co-authors (đồng tác giả; the optional `authors` column
-- of `initiative import`, staff codes) and its evidence (text or link).
-- A co-author's initiative counts for initiative_at_least as the author's.
ALTER TABLE emu_initiative ADD COLUMN evidence TEXT;
CREATE TABLE emu_initiative_author (
  code TEXT NOT NULL,
  staff_code TEXT NOT NULL,
  PRIMARY KEY (code, staff_code)
);
