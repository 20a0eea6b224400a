// The live cache (docs/internals/live_cache.md) never serves a stale
// number: two servers on one database (SQLite file here, PostgreSQL in
// pg.http.test_live_cache) are asked for a unit's live results until both
// have them cached, a write through the CLI (a third process) changes a
// metric the unit's score uses, and the very next request to each server
// shows the new number, equal to what `parindex score` computes (on the
// JSON API, the unit page and the dashboard); putting the value back shows
// the old number again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, Client, startServer } from './harness.mjs';

const FW = 'HN-COMMUNE-2025';
const UNIT = 'X-DA-PHUC';

// A second `parindex serve` on the same database as srv.
async function secondServer(srv) {
  const env = { ...process.env };
  if (process.env.PARINDEX_TEST_DB) env.PARINDEX_AUDIT_KEY = path.join(srv.dir, 'pg.audit-key');
  const child = spawn(BIN, ['--db', srv.db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('second server did not start:\n' + log)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
  });
  return { base, log: () => log, async stop() { child.kill('SIGTERM'); await exited; } };
}

// The unit's live result as the CLI computes it (no cache: its own process).
function cliResult(srv) {
  const rows = JSON.parse(srv.cli(['score', '--framework', FW, '--format', 'json']));
  const row = rows.find((x) => x.unit_code === UNIT);
  assert.ok(row, `${UNIT} is scored by ${FW}`);
  return row;
}

async function apiResult(c) {
  const r = await c.get(`/api/v1/results/${FW}`);
  assert.equal(r.status, 200, r.text_.slice(0, 300));
  const row = JSON.parse(r.text_).results.find((x) => x.unit === UNIT || x.unit_code === UNIT);
  assert.ok(row, `${UNIT} in the API's results`);
  return row;
}

// The index as the pages print it (2 decimals, dot or decimal comma).
const shown = (v) => [v.toFixed(2), v.toFixed(2).replace('.', ',')];
function pageShows(html, v) {
  return shown(v).some((s) => html.includes(`>${s}<`));
}

test('a write on the database shows on the next request of every server', async () => {
  const srv = await startServer();
  const two = await secondServer(srv);
  try {
    const a = new Client(srv.base);
    const b = new Client(two.base);
    await a.login('leader');
    await b.login('leader');
    const before = cliResult(srv);
    // fill both servers' caches (and check they agree with the CLI)
    for (let i = 0; i < 3; i++)
      for (const c of [a, b]) {
        assert.equal((await apiResult(c)).index, before.index);
        const u = await c.get(`/units/${UNIT}`);
        assert.equal(u.status, 200);
        assert.ok(pageShows(u.text_, before.index), 'the unit page shows the index');
        const d = await c.get(`/?framework=${FW}`);
        assert.ok(pageShows(d.text_, before.index), 'the dashboard shows the index');
      }

    // 1. a metric the score uses (5.4.2 = max - 0.5 * discipline.cases),
    // changed by another process
    const vals = srv.cli(['metric', 'values', '--unit', UNIT, '--metric', 'discipline.cases',
      '--format', 'csv']).trim().split('\n');
    const old = Number(vals[1].split(',')[3]);
    const csv = path.join(srv.dir, 'metric.csv');
    fs.writeFileSync(csv, `unit_code,period,metric,value,source\n${UNIT},2025,discipline.cases,${old + 2},test\n`);
    srv.cli(['metric', 'import', csv]);
    const after = cliResult(srv);
    assert.notEqual(after.index, before.index, 'the write changes the unit\'s index');
    for (const c of [a, b]) {
      assert.equal((await apiResult(c)).index, after.index, 'the API shows the new index');
      const u = await c.get(`/units/${UNIT}`);
      assert.ok(pageShows(u.text_, after.index), 'the unit page shows the new index');
      assert.ok(!pageShows(u.text_, before.index), 'and not the old one');
      const d = await c.get(`/?framework=${FW}`);
      assert.ok(pageShows(d.text_, after.index), 'the dashboard shows the new index');
    }

    // 2. the value put back: the previous number again, at once
    fs.writeFileSync(csv, `unit_code,period,metric,value,source\n${UNIT},2025,discipline.cases,${old},test\n`);
    srv.cli(['metric', 'import', csv]);
    assert.equal(cliResult(srv).index, before.index);
    for (const c of [b, a])
      assert.equal((await apiResult(c)).index, before.index);
  } finally {
    await two.stop();
    await srv.stop();
  }
});
