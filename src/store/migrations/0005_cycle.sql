-- 0005: the yearly assessment cycle: phases and deadlines, per-unit
-- extensions, submissions, evidence files (stored once by SHA-256),
-- appraiser assignments, appraisal proposals, replies and decisions.
-- Who did what and when is also in the audit log; these tables hold the
-- current state. Units are referenced by id like assessment_score.

CREATE TABLE cycle (
  framework TEXT PRIMARY KEY REFERENCES framework(code),
  phase TEXT NOT NULL,
  self_until TEXT NOT NULL,
  appraisal_until TEXT,
  reply_until TEXT,
  quorum_pct DOUBLE PRECISION NOT NULL,
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  approved_at TEXT,
  approved_by TEXT
);

CREATE TABLE cycle_extension (
  framework TEXT NOT NULL REFERENCES cycle(framework),
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  until_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  PRIMARY KEY (framework, unit_id)
);

CREATE TABLE submission (
  framework TEXT NOT NULL REFERENCES cycle(framework),
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  PRIMARY KEY (framework, unit_id)
);

-- The unit's written explanation per criterion (how a score was computed,
-- why evidence is missing); the self points are in assessment_score.
CREATE TABLE self_note (
  framework TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  criterion TEXT NOT NULL,
  explanation TEXT NOT NULL,
  PRIMARY KEY (framework, unit_id, criterion)
);

CREATE TABLE evidence_blob (
  sha256 TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  data @BLOB@ NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE evidence (
  id @ID@,
  framework TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  criterion TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence_blob(sha256),
  filename TEXT NOT NULL,
  doc_number TEXT NOT NULL,
  doc_date TEXT,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE INDEX evidence_unit ON evidence(framework, unit_id, criterion);
CREATE INDEX evidence_blob_use ON evidence(sha256);

CREATE TABLE appraiser (
  framework TEXT NOT NULL REFERENCES cycle(framework),
  login TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  assigned_at TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  PRIMARY KEY (framework, login, unit_id)
);

-- One council member's proposed points for a criterion; the council's
-- value (assessment_score.appraised_points) is the value a majority of
-- the unit's assigned members proposed, or a recorded council decision.
CREATE TABLE appraisal_proposal (
  framework TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  criterion TEXT NOT NULL,
  login TEXT NOT NULL,
  points DOUBLE PRECISION NOT NULL,
  reason TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  PRIMARY KEY (framework, unit_id, criterion, login)
);

CREATE TABLE appraisal_reason (
  framework TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  criterion TEXT NOT NULL,
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  members_agreeing BIGINT NOT NULL,
  members_total BIGINT NOT NULL,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (framework, unit_id, criterion)
);

-- The unit's reply to an adjusted criterion and the council's answer.
CREATE TABLE reply (
  framework TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  criterion TEXT NOT NULL,
  text TEXT NOT NULL,
  replied_at TEXT NOT NULL,
  replied_by TEXT NOT NULL,
  decision TEXT,
  decision_reason TEXT,
  decided_at TEXT,
  decided_by TEXT,
  PRIMARY KEY (framework, unit_id, criterion)
);
