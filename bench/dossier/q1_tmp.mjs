import { DuckDBInstance } from '@duckdb/node-api';
const [file, q] = process.argv.slice(2);
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE MACRO instant(s) AS CASE
  WHEN s IS NULL OR s = '' THEN NULL
  WHEN length(s) = 10 THEN epoch(CAST(s AS TIMESTAMP)) - 25200 + 86399
  WHEN length(s) = 16 THEN epoch(CAST(s || ':00' AS TIMESTAMP)) - 25200
  WHEN length(s) = 19 THEN epoch(CAST(s AS TIMESTAMP)) - 25200
  WHEN length(s) IN (17, 22) THEN epoch(CAST(substr(s, 1, 16) || ':00' || substr(s, 17) AS TIMESTAMPTZ))
  ELSE epoch(CAST(s AS TIMESTAMPTZ)) END;
CREATE MACRO lmonth(t) AS (year(to_timestamp(t + 25200)) * 12 + month(to_timestamp(t + 25200)) - 1);
SET TimeZone = 'UTC';`);
const r = await con.runAndReadAll(q.replaceAll('FILE', `read_csv('${file}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true)`));
console.log(JSON.stringify(r.getRows(), (k, v) => typeof v === 'bigint' ? v.toString() : v), ((performance.now() - t0) / 1000).toFixed(3));
