import { DuckDBInstance } from '@duckdb/node-api';
const [file, q] = process.argv.slice(2);
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const r = await con.runAndReadAll(q.replaceAll('FILE', `read_csv('${file}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true)`));
console.log(JSON.stringify(r.getRows(), (k, v) => typeof v === 'bigint' ? v.toString() : v), ((performance.now() - t0) / 1000).toFixed(3));
