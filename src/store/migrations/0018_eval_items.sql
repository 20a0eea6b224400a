-- 0019: the work items of a staff member's month (Decree 335/2025; a rule
-- set with "tasks_from_items", shared/formats/evaluation.md): what was
-- done, with its quantity, quality and progress rates in whole percent,
-- per stage (self: as the staff member listed them; manager: as the
-- direct manager confirmed or corrected them). The tasks points are
-- computed from them (core/evaluation.c) and stored as eval_point rows
-- like every other component, so totals and grades stay derived there.
CREATE TABLE eval_item (
  staff_code TEXT NOT NULL,
  month TEXT NOT NULL,
  stage TEXT NOT NULL,
  seq BIGINT NOT NULL,
  title TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  quality BIGINT NOT NULL,
  progress BIGINT NOT NULL,
  PRIMARY KEY (staff_code, month, stage, seq)
);
