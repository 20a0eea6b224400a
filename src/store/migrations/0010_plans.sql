-- 0010: yearly PAR plans, their tasks and the reports on them
-- (docs/formats/plans.md). A task's state is never stored: it is derived
-- from the latest report dated on or before the day asked (core/plan.c),
-- so every report is kept (history) and none is ever updated.

CREATE TABLE plan (
  code TEXT PRIMARY KEY,
  unit_id BIGINT NOT NULL REFERENCES unit(id),
  year BIGINT NOT NULL,
  parent_plan TEXT,
  imported_at TEXT NOT NULL
);
CREATE INDEX plan_unit ON plan(unit_id, year);

-- ord keeps the file's order of tasks (what a plan's page shows).
CREATE TABLE plan_task (
  id @ID@,
  plan TEXT NOT NULL REFERENCES plan(code),
  code TEXT NOT NULL,
  ord BIGINT NOT NULL,
  parent_plan TEXT,
  parent_task TEXT,
  area TEXT NOT NULL,
  title TEXT NOT NULL,
  owner_id BIGINT NOT NULL REFERENCES unit(id),
  coordinators TEXT NOT NULL,
  start_date TEXT,
  due TEXT NOT NULL,
  output TEXT,
  indicator TEXT,
  target DOUBLE PRECISION,
  UNIQUE (plan, code)
);
CREATE INDEX plan_task_owner ON plan_task(owner_id);
CREATE INDEX plan_task_parent ON plan_task(parent_plan, parent_task);

-- Every report on a task, never updated: the history. The task is named
-- by (plan, task) so that re-importing a plan keeps the reports of the
-- tasks that still exist.
CREATE TABLE plan_report (
  id @ID@,
  plan TEXT NOT NULL REFERENCES plan(code),
  task TEXT NOT NULL,
  status TEXT NOT NULL,
  report_date TEXT NOT NULL,
  progress BIGINT,
  document TEXT NOT NULL,
  note TEXT NOT NULL,
  reported_at TEXT NOT NULL,
  reported_by TEXT NOT NULL
);
CREATE INDEX plan_report_task ON plan_report(plan, task, report_date, id);

-- Evidence files of a report, in the assessment's blob store.
CREATE TABLE plan_evidence (
  id @ID@,
  report_id BIGINT NOT NULL REFERENCES plan_report(id),
  sha256 TEXT NOT NULL REFERENCES evidence_blob(sha256),
  filename TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE INDEX plan_evidence_report ON plan_evidence(report_id);
