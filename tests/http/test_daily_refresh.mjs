// The server's daily refresh (issue 13): at 00:05 Vietnam time a running
// server recomputes plan.* and task.* (the function of `parindex metric
// refresh`), once per day whatever the number of servers on the database
// (refresh_run's row for the day is claimed by one INSERT), and at
// startup when today's refresh was missed. The clock is moved with
// $PARINDEX_CLOCK_FROM (base/clock.h: it starts there and runs).
//
// The demo is loaded on 30/04/2026 (Vietnam); task 1.2 of the city's plan
// is due that day and has no report, so on 01/05/2026 a new month (2026-05)
// enters the plan.* values and every value's as_of moves: the refresh can
// be seen in `metric values`, and its row in `metric runs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './harness.mjs';

const root = process.env.TMPROOT || os.tmpdir();
fs.mkdirSync(root, { recursive: true });
const dir = fs.mkdtempSync(path.join(root, 'daily-'));
const db = process.env.PARINDEX_TEST_DB || path.join(dir, 'test.db');
const baseEnv = { ...process.env };
delete baseEnv.PARINDEX_NOW;
delete baseEnv.PARINDEX_TODAY;
delete baseEnv.PARINDEX_CLOCK_FROM;
if (process.env.PARINDEX_TEST_DB) baseEnv.PARINDEX_AUDIT_KEY = path.join(dir, 'pg.audit-key');

const cli = (args, env = {}) =>
  execFileSync(BIN, ['--db', db, ...args], {
    encoding: 'utf8', env: { ...baseEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
const json = (args, env) => JSON.parse(cli([...args, '--format', 'json'], env));

// A server whose clock starts at `from` (UTC) and runs.
function serve(from) {
  const child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2'], {
    env: { ...baseEnv, PARINDEX_CLOCK_FROM: from }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  child.stdout.on('data', () => {});
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    log: () => log,
    async waitFor(re, ms) {
      for (let t = 0; t < ms; t += 100) {
        if (re.test(log)) return true;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return re.test(log);
    },
    async stop() { if (child.exitCode === null) child.kill('SIGTERM'); await exited; },
  };
}

const runs = () => json(['metric', 'runs']);
const cityValues = () => json(['metric', 'values', '--unit', 'HN', '--metric', 'plan.tasks_total']);

test('two servers started at 00:04:5x refresh once at 00:05; a later one does not again', async (t) => {
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  cli(['demo'], { PARINDEX_NOW: '2026-04-30T10:00:00Z' }); // 17:00 on 30/04 in Vietnam
  const before = cityValues();
  assert.ok(before.length > 0, 'the demo has plan.* values for the city');
  assert.ok(before.every((r) => r.as_of === '2026-04-30'), JSON.stringify(before));
  assert.ok(!before.some((r) => r.period === '2026-05'), 'May has not begun');
  assert.deepEqual(runs(), []);

  // 00:04:56 and 00:04:57 on 01/05/2026 in Vietnam
  const a = serve('2026-04-30T17:04:56Z');
  const b = serve('2026-04-30T17:04:57Z');
  try {
    const ready = /listening on/;
    assert.ok(await a.waitFor(ready, 20000), a.log());
    assert.ok(await b.waitFor(ready, 20000), b.log());
    // before 00:05 nothing is due
    assert.deepEqual(runs(), [], 'no refresh before 00:05');
    const done = /daily refresh 2026-05-01: (plan\.\*, task\.\* and inspection\.\* recomputed|already run)/;
    assert.ok(await a.waitFor(done, 20000), 'server A: ' + a.log());
    assert.ok(await b.waitFor(done, 20000), 'server B: ' + b.log());
    const ran = [a, b].filter((s) => /daily refresh 2026-05-01: plan\.\*, task\.\* and inspection\.\* recomputed/.test(s.log()));
    assert.equal(ran.length, 1, 'exactly one server ran it:\n' + a.log() + '\n' + b.log());
  } finally {
    await a.stop();
    await b.stop();
  }
  let r = runs();
  assert.equal(r.length, 1, JSON.stringify(r));
  assert.equal(r[0].day, '2026-05-01');
  assert.ok(r[0].started_at >= '2026-04-30T17:05:00Z', r[0].started_at);
  assert.ok(r[0].finished_at >= r[0].started_at, JSON.stringify(r[0]));
  const after = cityValues();
  assert.ok(after.every((v) => v.as_of === '2026-05-01'), JSON.stringify(after));
  assert.ok(after.some((v) => v.period === '2026-05'), 'May entered the values: ' + JSON.stringify(after));

  // started at 00:10 the same day: today's refresh was run, not again
  const c = serve('2026-04-30T17:10:00Z');
  try {
    assert.ok(await c.waitFor(/daily refresh 2026-05-01: already run by another server/, 20000), c.log());
    assert.doesNotMatch(c.log(), /recomputed/);
  } finally {
    await c.stop();
  }
  r = runs();
  assert.equal(r.length, 1, JSON.stringify(r));

  // down at 00:05 on 02/05, started at 09:00: it catches up at once
  const d = serve('2026-05-02T02:00:00Z');
  try {
    assert.ok(await d.waitFor(/daily refresh 2026-05-02: plan\.\*, task\.\* and inspection\.\* recomputed/, 20000), d.log());
  } finally {
    await d.stop();
  }
  r = runs();
  assert.deepEqual(r.map((x) => x.day), ['2026-05-02', '2026-05-01']);
  assert.ok(cityValues().every((v) => v.as_of === '2026-05-02'));
});
