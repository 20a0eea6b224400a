-- 0004: one-stop dossiers (hồ sơ TTHC), the procedure catalogue, and the
-- per unit x month counters that `dossier import` keeps in step with the
-- dossiers (docs/internals/dossier.md). Portable SQL (docs/internals/db.md).

-- The procedure (TTHC) catalogue (docs/formats/procedures.md).
-- processing_days: the processing time in working days, NULL when not
-- known (a dossier of that procedure then needs its own due_at).
CREATE TABLE admin_procedure (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  processing_days BIGINT,
  online_kind TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per dossier, as imported. Instants are ISO-8601 UTC text
-- ('YYYY-MM-DDTHH:MM:SSZ', so text order is time order). due_source says
-- where due_at came from: 'file' (a datetime), 'date' (a date: the end of
-- that local day) or 'catalogue' (the procedure's processing time on the
-- working-day calendar). maybe_late is 1 when the dossier was still
-- processing when imported or was finished after due_at: only those can
-- be on a late-dossier list, so only those are indexed by unit (a partial
-- index: a fifth of the rows or less). The indexes are dropped and rebuilt
-- around the first load into an empty table (faster than maintaining
-- them row by row).
CREATE TABLE dossier (
  code TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  procedure_code TEXT NOT NULL,
  channel TEXT NOT NULL,
  online_kind TEXT NOT NULL,
  received_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  due_source TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  paid_online BIGINT NOT NULL,
  digitized BIGINT NOT NULL,
  result_digitized BIGINT NOT NULL,
  rating BIGINT,
  maybe_late BIGINT NOT NULL
);
CREATE UNIQUE INDEX dossier_code ON dossier(code);
CREATE INDEX dossier_late ON dossier(unit_code, received_at) WHERE maybe_late = 1;

-- The counters of shared/formats/dossiers.md per unit and local month
-- ('YYYY-MM'), in additive form: the flows of the month, and for the two
-- stocks (open at the month's end; open and overdue) their change at that
-- month, so a stock is the sum of its deltas up to the month. An import
-- adds its rows and takes out the rows it replaces, in the same
-- transaction, so this table always equals what the dossier table gives.
CREATE TABLE dossier_month (
  unit_code TEXT NOT NULL,
  month TEXT NOT NULL,
  received BIGINT NOT NULL,
  received_online BIGINT NOT NULL,
  received_full_online BIGINT NOT NULL,
  paid_online BIGINT NOT NULL,
  digitized BIGINT NOT NULL,
  finished BIGINT NOT NULL,
  finished_on_time BIGINT NOT NULL,
  result_digitized BIGINT NOT NULL,
  rated BIGINT NOT NULL,
  satisfied BIGINT NOT NULL,
  open_delta BIGINT NOT NULL,
  overdue_delta BIGINT NOT NULL,
  PRIMARY KEY (unit_code, month)
);
