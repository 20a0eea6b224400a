-- 0012: the daily refresh of the metrics that move with today (plan.*,
-- task.*; app/refresh.c). One row per Vietnamese day (YYYY-MM-DD): the
-- server that inserts it runs that day's refresh, every other server on
-- the same database sees the row and does not (INSERT ... ON CONFLICT DO
-- NOTHING, one winner on SQLite and PostgreSQL alike). finished_at stays
-- NULL while it runs, or when the run failed.
CREATE TABLE refresh_run (
  day TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  by_host TEXT NOT NULL
);
