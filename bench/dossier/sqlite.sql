-- The aggregation of `parindex dossier analyze` in the sqlite3 shell, for
-- bench/dossier/run.sh: the table d comes from `.import --csv FILE d`
-- (every column TEXT). The counters are the definitions of
-- shared/formats/dossiers.md; overdue_open is computed with +1/-1 at the
-- ends of each dossier's overdue month range and a running sum per unit
-- (the month-by-month evaluation of tests/fixtures/dossier/reference.sql
-- is too slow for 10 million rows). The months are 'YYYY-MM' text.

CREATE TEMP TABLE y AS
SELECT u, st, ch, ok, paid, dig, rdig, rating, rcv, due, fin,
       strftime('%Y-%m', rcv + 25200, 'unixepoch') AS rm,
       CASE WHEN fin IS NULL THEN NULL ELSE strftime('%Y-%m', fin + 25200, 'unixepoch') END AS fm,
       -- the first month at whose end the dossier is past due_at
       strftime('%Y-%m', due + 1 + 25200, 'unixepoch') AS dm
FROM (
  SELECT unit_code AS u, status AS st, channel AS ch, online_kind AS ok,
         lower(paid_online) IN ('1', 'true') AS paid,
         lower(digitized) IN ('1', 'true') AS dig,
         lower(result_digitized) IN ('1', 'true') AS rdig,
         CASE WHEN rating = '' THEN NULL ELSE CAST(rating AS INTEGER) END AS rating,
         CASE WHEN length(received_at) IN (16, 19) THEN unixepoch(received_at) - 25200
              ELSE unixepoch(received_at) END AS rcv,
         CASE WHEN length(due_at) = 10 THEN unixepoch(due_at) - 25200 + 86399
              WHEN length(due_at) IN (16, 19) THEN unixepoch(due_at) - 25200
              ELSE unixepoch(due_at) END AS due,
         CASE WHEN finished_at = '' THEN NULL
              WHEN length(finished_at) IN (16, 19) THEN unixepoch(finished_at) - 25200
              ELSE unixepoch(finished_at) END AS fin
  FROM d);

CREATE TEMP TABLE cells AS
SELECT u, m, sum(r) AS received, sum(ro) AS received_online, sum(rf) AS received_full_online,
       sum(p) AS paid_online, sum(dg) AS digitized, sum(f) AS finished, sum(ft) AS finished_on_time,
       sum(rd) AS result_digitized, sum(ra) AS rated, sum(sa) AS satisfied, sum(dl) AS dl
FROM (
  SELECT u, rm AS m, count(*) AS r, sum(ch = 'online') AS ro, sum(ok = 'full') AS rf,
         sum(paid) AS p, sum(dig) AS dg, 0 AS f, 0 AS ft, 0 AS rd, 0 AS ra, 0 AS sa, 0 AS dl
  FROM y GROUP BY u, rm
  UNION ALL
  SELECT u, fm, 0, 0, 0, 0, 0, count(*), sum(fin <= due), sum(rdig), count(rating),
         sum(coalesce(rating >= 4, 0)), 0
  FROM y WHERE st = 'finished' AND fin IS NOT NULL GROUP BY u, fm
  UNION ALL
  SELECT u, max(rm, dm), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
  FROM y WHERE st = 'processing' OR (st = 'finished' AND max(rm, dm) < fm)
  GROUP BY u, max(rm, dm)
  UNION ALL
  SELECT u, fm, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -count(*)
  FROM y WHERE st = 'finished' AND max(rm, dm) < fm GROUP BY u, fm)
GROUP BY u, m;

CREATE TEMP TABLE lastm AS
SELECT max(m) AS l FROM cells WHERE received > 0 OR finished > 0;

-- every month of each unit from its first cell to the last month
CREATE TEMP TABLE unit_months AS
WITH RECURSIVE um(u, m) AS (
  SELECT u, min(m) FROM cells, lastm WHERE m <= l GROUP BY u
  UNION ALL
  SELECT um.u, strftime('%Y-%m', um.m || '-01', '+1 month') FROM um, lastm WHERE um.m < lastm.l)
SELECT u, m FROM um;

.headers on
.mode list
.separator ,
SELECT unit_code, month, received, received_online, received_full_online, paid_online,
       digitized, finished, finished_on_time, result_digitized, rated, satisfied, overdue_open
FROM (
  SELECT um.u AS unit_code, um.m AS month, coalesce(c.received, 0) AS received,
         coalesce(c.received_online, 0) AS received_online,
         coalesce(c.received_full_online, 0) AS received_full_online,
         coalesce(c.paid_online, 0) AS paid_online, coalesce(c.digitized, 0) AS digitized,
         coalesce(c.finished, 0) AS finished, coalesce(c.finished_on_time, 0) AS finished_on_time,
         coalesce(c.result_digitized, 0) AS result_digitized, coalesce(c.rated, 0) AS rated,
         coalesce(c.satisfied, 0) AS satisfied,
         sum(coalesce(c.dl, 0)) OVER (PARTITION BY um.u ORDER BY um.m) AS overdue_open
  FROM unit_months um LEFT JOIN cells c ON c.u = um.u AND c.m = um.m)
WHERE received + received_online + received_full_online + paid_online + digitized + finished
      + finished_on_time + result_digitized + rated + satisfied + overdue_open > 0
ORDER BY unit_code, month;
