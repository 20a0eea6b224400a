// The aggregation of `parindex dossier analyze` (shared/formats/dossiers.md)
// in DuckDB, for bench/dossier/run.sh: reads FILE, writes the same CSV to
// OUT, prints the seconds it took (from opening the database to the last
// byte written) on stdout.
//
// One scan of the file: every column read as text and converted here as
// the format says, dossiers grouped by unit, status and their months of
// receipt, finish and first overdue month end (a few hundred thousand
// groups); each group then counts in its receipt month and its finish
// month, and adds +1/-1 at the ends of the months in which it is open and
// overdue at the month's end; overdue_open is the running sum of these per
// unit, for every month up to the input's last month.
//   node duckdb.mjs FILE OUT [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';

const [file, out, threads] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: node duckdb.mjs FILE OUT [THREADS]');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await db.connect();
await con.run(`
-- an instant as Unix seconds: the session time zone is Vietnam's, so a
-- datetime without an offset is local time; a date alone (due_at) is the
-- end of that local day
SET TimeZone = 'Asia/Ho_Chi_Minh';
CREATE MACRO instant(s) AS CASE
  WHEN s IS NULL OR s = '' THEN NULL
  WHEN length(s) = 10 THEN epoch(CAST(s AS TIMESTAMPTZ)) + 86399
  ELSE epoch(CAST(s AS TIMESTAMPTZ)) END;
-- the local month of an instant as year * 12 + month - 1
CREATE MACRO lmonth(t) AS (year(epoch_ms(CAST((t + 25200) * 1000 AS BIGINT))) * 12
                           + month(epoch_ms(CAST((t + 25200) * 1000 AS BIGINT))) - 1);
CREATE MACRO mtext(m) AS
  lpad(CAST(m // 12 AS VARCHAR), 4, '0') || '-' || lpad(CAST(m % 12 + 1 AS VARCHAR), 2, '0');
`);
await con.run(`
COPY (
  WITH rows AS (
    SELECT unit_code AS u, status AS st, channel = 'online' AS onl,
           coalesce(online_kind, '') = 'full' AS full_online,
           lower(coalesce(paid_online, '')) IN ('1', 'true') AS paid,
           lower(coalesce(digitized, '')) IN ('1', 'true') AS dig,
           lower(coalesce(result_digitized, '')) IN ('1', 'true') AS rdig,
           CAST(nullif(rating, '') AS INTEGER) AS rating,
           instant(received_at) AS rcv, instant(due_at) AS due, instant(finished_at) AS fin
    FROM read_csv(${quote(file)}, header = true, all_varchar = true, delim = ',', quote = '"',
                  escape = '"', strict_mode = true)),
  months AS (
    SELECT *, lmonth(rcv) AS rm, lmonth(fin) AS fm,
           greatest(lmonth(rcv), lmonth(due + 1)) AS os
    FROM rows),
  groups AS MATERIALIZED (
    -- one scan: dossiers of a unit with the same months counted together
    SELECT u, st, rm, fm, os, count(*) AS n, count(*) FILTER (onl) AS ro,
           count(*) FILTER (full_online) AS rf, count(*) FILTER (paid) AS p,
           count(*) FILTER (dig) AS dg, count(*) FILTER (fin <= due) AS ft,
           count(*) FILTER (rdig) AS rd, count(rating) AS ra, count(*) FILTER (rating >= 4) AS sa
    FROM months GROUP BY u, st, rm, fm, os),
  cells AS (
    SELECT u, m, sum(received) AS received, sum(received_online) AS received_online,
           sum(received_full_online) AS received_full_online, sum(paid_online) AS paid_online,
           sum(digitized) AS digitized, sum(finished) AS finished,
           sum(finished_on_time) AS finished_on_time, sum(result_digitized) AS result_digitized,
           sum(rated) AS rated, sum(satisfied) AS satisfied, sum(d) AS d
    FROM (
      SELECT u, rm AS m, n AS received, ro AS received_online, rf AS received_full_online,
             p AS paid_online, dg AS digitized, 0 AS finished, 0 AS finished_on_time,
             0 AS result_digitized, 0 AS rated, 0 AS satisfied, 0 AS d FROM groups
      UNION ALL
      SELECT u, fm, 0, 0, 0, 0, 0, n, ft, rd, ra, sa, 0 FROM groups
      WHERE st = 'finished' AND fm IS NOT NULL
      UNION ALL
      SELECT u, os, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n FROM groups
      WHERE st = 'processing' OR (st = 'finished' AND os < fm)
      UNION ALL
      SELECT u, fm, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -n FROM groups
      WHERE st = 'finished' AND os < fm)
    GROUP BY u, m),
  lastm AS (SELECT max(m) AS l FROM cells WHERE received > 0 OR finished > 0),
  unit_months AS (
    SELECT u, unnest(range(min(m), (SELECT l FROM lastm) + 1)) AS m FROM cells GROUP BY u),
  per_month AS (
    SELECT um.u, um.m, coalesce(c.received, 0) AS received,
           coalesce(c.received_online, 0) AS received_online,
           coalesce(c.received_full_online, 0) AS received_full_online,
           coalesce(c.paid_online, 0) AS paid_online, coalesce(c.digitized, 0) AS digitized,
           coalesce(c.finished, 0) AS finished, coalesce(c.finished_on_time, 0) AS finished_on_time,
           coalesce(c.result_digitized, 0) AS result_digitized, coalesce(c.rated, 0) AS rated,
           coalesce(c.satisfied, 0) AS satisfied,
           sum(coalesce(c.d, 0)) OVER (PARTITION BY um.u ORDER BY um.m) AS overdue_open
    FROM unit_months um LEFT JOIN cells c ON c.u = um.u AND c.m = um.m)
  SELECT u AS unit_code, mtext(m) AS month, received, received_online, received_full_online,
         paid_online, digitized, finished, finished_on_time, result_digitized, rated, satisfied,
         overdue_open
  FROM per_month
  WHERE received + received_online + received_full_online + paid_online + digitized + finished
        + finished_on_time + result_digitized + rated + satisfied + overdue_open > 0
  ORDER BY u COLLATE C, m
) TO ${quote(out)} (FORMAT csv, HEADER true);
`);
const t1 = performance.now();
console.log(((t1 - t0) / 1000).toFixed(3));
