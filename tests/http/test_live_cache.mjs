// The live cache (docs/internals/live_cache.md) never serves a stale
// number: two servers on one database (SQLite file here, PostgreSQL in
// pg.http.test_live_cache) are asked for a unit's live results until both
// have them cached, a write through the CLI (a third process) changes a
// metric the unit's score uses, and the very next request to each server
// shows the new number, equal to what `parindex score` computes (on the
// JSON API, the unit page and the dashboard); putting the value back shows
// the old number again.
import { after as afterAll, before as beforeAll, test } from 'node:test';
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

// one database for the file (on PostgreSQL the suite has one), two servers
let srv, two;
beforeAll(async () => {
  srv = await startServer();
  two = await secondServer(srv);
});
afterAll(async () => {
  await two?.stop();
  await srv?.stop();
});

test('a write on the database shows on the next request of every server', async () => {
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
});

// A unit's row on the cycle page: "done / total" criteria.
function progressOf(html, name) {
  // the progress table (the page has other tables naming units)
  const table = html.split('<table>').find((t) => t.includes('<tbody>') && /\d+ \/ \d+/.test(t)) || '';
  const row = table.split('<tr>').find((t) => t.includes(`>${name}<`));
  assert.ok(row, `the cycle page lists ${name}`);
  const m = row.match(/(\d+) \/ (\d+)/);
  assert.ok(m, 'the row shows criteria done / total');
  return Number(m[1]);
}

test('a self-score saved on one server shows at once on the other', async () => {
  const FW2 = 'HN-COMMUNE-NOSURVEY-2025'; // in self-assessment
  const U2 = 'X-DAI-THANH';
  const rep = new Client(srv.base);
  await rep.login('reporter-xa');
  const lead = new Client(srv.base);
  await lead.login('leader');
  const view = async () => {
    const r = await rep.get(`/api/v1/assessments/${FW2}/${U2}`);
    assert.equal(r.status, 200, r.text_.slice(0, 300));
    return JSON.parse(r.text_).criteria;
  };
  // a criterion without a self-score yet
  const open = (await view()).find((c) => c.applies && c.self === null);
  assert.ok(open, 'a criterion is still open');
  let done0;
  for (let i = 0; i < 3; i++) {
    const c = (await view()).find((x) => x.criterion === open.criterion);
    assert.equal(c.self, null);
    const page = await lead.get(`/cycles/${FW2}`);
    assert.equal(page.status, 200);
    done0 = progressOf(page.text_, 'Xã Đại Thanh');
  }

  // the reporter saves it on the second server (bearer token: no CSRF)
  const token = srv.cli(['token', 'create', 'reporter-xa']).trim();
  const r = await fetch(`${two.base}/api/v1/assessments/${FW2}/${U2}/scores`, {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ criterion: open.criterion, self: 0.5, note: 'ghi chú mới' }),
  });
  assert.equal(r.status, 200, await r.text());

  const c = (await view()).find((x) => x.criterion === open.criterion);
  assert.equal(c.self, 0.5, 'the first server shows the new self-score');
  assert.equal(c.explanation, 'ghi chú mới', 'and the new explanation');
  const page = await lead.get(`/cycles/${FW2}`);
  assert.equal(progressOf(page.text_, 'Xã Đại Thanh'), done0 + 1, 'the cycle progress counts it');
});
