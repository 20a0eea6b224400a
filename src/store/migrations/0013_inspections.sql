-- 0013: PAR inspections (docs/formats/inspections.md, /work/shared): the
-- yearly inspection plan, the checklist of each inspection, its findings,
-- its recommendations and their remediation. An inspection's state is
-- stored (the workflow's set_state writes it); who may see one is decided
-- by app/inspection.c (app_inspection_visible), never by a query here.

CREATE TABLE inspection (
  code TEXT PRIMARY KEY,
  year BIGINT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  kind TEXT NOT NULL,            -- scheduled | unannounced
  planned_from TEXT NOT NULL,
  planned_to TEXT NOT NULL,
  lead TEXT NOT NULL,            -- a login
  members TEXT NOT NULL,         -- logins "a;b"
  places TEXT NOT NULL,          -- "office;one_stop"
  areas TEXT NOT NULL,           -- plan areas "procedure;digital"
  checklist TEXT,                -- template code (data/inspection-checklists)
  planner TEXT,                  -- the planning office's unit code; NULL: the city
  state TEXT NOT NULL,           -- planned | started | concluded | closed
  started_at TEXT,
  concl_number TEXT,
  concl_date TEXT,
  concl_summary TEXT,
  imported_at TEXT NOT NULL
);
CREATE INDEX inspection_unit ON inspection(unit_id, year);

-- The checklist: the template's items copied at start, then the
-- re-checked recommendations of earlier inspections (recheck_rec).
CREATE TABLE inspection_item (
  id @ID@,
  inspection TEXT NOT NULL REFERENCES inspection(code),
  ord BIGINT NOT NULL,
  item TEXT NOT NULL,
  text TEXT NOT NULL,
  recheck_rec BIGINT,
  result TEXT,                   -- compliant | non_compliant | not_applicable
  note TEXT NOT NULL,
  checked_at TEXT,
  checked_by TEXT
);
CREATE INDEX inspection_item_insp ON inspection_item(inspection, ord);

CREATE TABLE inspection_finding (
  id @ID@,
  inspection TEXT NOT NULL REFERENCES inspection(code),
  n BIGINT NOT NULL,             -- 1, 2, ... within the inspection
  kind TEXT NOT NULL,            -- good_practice | shortcoming | violation
  area TEXT NOT NULL,
  text TEXT NOT NULL,
  criterion TEXT,
  made_on TEXT NOT NULL,
  made_by TEXT NOT NULL,
  UNIQUE (inspection, n)
);

-- Recommendations (kiến nghị) and their remediation. state: open | done |
-- accepted; a rejection sends it back to open (kept in the audit log,
-- reason in reject_reason).
CREATE TABLE inspection_rec (
  id @ID@,
  inspection TEXT NOT NULL REFERENCES inspection(code),
  finding BIGINT NOT NULL,
  text TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  due TEXT NOT NULL,
  made_on TEXT NOT NULL,
  state TEXT NOT NULL,
  report_date TEXT,
  report_note TEXT,
  verified_on TEXT,
  reject_reason TEXT
);
CREATE INDEX inspection_rec_insp ON inspection_rec(inspection);

-- Photos and files of checklist items and remediation reports, in the
-- assessment's blob store. Exactly one of item_id, rec_id is set.
CREATE TABLE inspection_evidence (
  id @ID@,
  inspection TEXT NOT NULL REFERENCES inspection(code),
  item_id BIGINT,
  rec_id BIGINT,
  sha256 TEXT NOT NULL REFERENCES evidence_blob(sha256),
  filename TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE INDEX inspection_evidence_insp ON inspection_evidence(inspection);
