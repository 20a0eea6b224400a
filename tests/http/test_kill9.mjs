// Nothing acknowledged is ever lost (issue 18): the server is killed with
// SIGKILL in the middle of a mixed write load — self-assessment scores,
// evidence uploads and task reports, through the JSON API, from three
// writers at once, and citizens' dossier ratings through the public form
// from four more (group commit: app/rating.c) — and started again on the same database (SQLite file;
// PostgreSQL as pg.http.test_kill9). Then every acknowledged write is
// there: each acknowledged evidence file and task report by its own
// name, and each score is the last acknowledged value or the one that was
// in flight at the kill (committed, never answered); each acknowledged
// rating is there or replaced by a later one of the same slip, and the
// month counters agree with the dossiers' ratings; the database passes
// integrity_check (SQLite) and `audit verify`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { setup, FW, ASSESS, api, today } from './cycle_fixture.mjs';

process.env.PARINDEX_TODAY = process.env.PARINDEX_TODAY || today();
process.env.PARINDEX_RATINGS_PER_HOUR = '0'; // one address posts every rating here
const RATED_UNIT = 'P-BA-DINH';
const PLANS = path.join(process.env.FIXTURES, 'plans');
const pdf = (i) => Buffer.from(`%PDF-1.4\n% write ${i}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

// one query's rows as text (sqlite3 or psql)
function query(srv, stmt) {
  if (/^postgres(ql)?:/.test(srv.db)) {
    const psql = process.env.PG_BINDIR ? path.join(process.env.PG_BINDIR, 'psql') : 'psql';
    return execFileSync(psql, ['-X', '-At', '-v', 'ON_ERROR_STOP=1', srv.db, '-c', stmt], { encoding: 'utf8' });
  }
  return execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', srv.db, stmt], { encoding: 'utf8' });
}

async function upload(srv, token, i) {
  const f = new FormData();
  f.append('criterion', '1.1');
  f.append('file', new Blob([pdf(i)], { type: 'application/pdf' }), `minh-chung-${i}.pdf`);
  const res = await fetch(srv.base + ASSESS('A2') + '/evidence', {
    method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: f,
  });
  await res.text();
  return res.status;
}

test('kill -9 under a mixed write load: every acknowledged write survives', async (t) => {
  const T = Date.now();
  const { srv, cli, tok } = await setup(t);
  cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);
  cli(['plan', 'import', path.join(PLANS, 'http-plans.csv')]);
  tok.reporter = cli(['token', 'create', 'reporter']).match(/[A-Za-z0-9_-]{32,}/)[0];
  // the rating slips of a year of the unit's finished dossiers
  const slips = [];
  for (let m = 1; m <= 12; m++)
    for (const line of cli(['dossier', 'rating-tokens', '--unit', RATED_UNIT, '--month',
      `2026-${String(m).padStart(2, '0')}`, '--format', 'csv']).trim().split('\n').slice(1))
      slips.push(line.split(','));
  assert.ok(slips.length > 50, `${slips.length} slips`);
  let rateSeq = 0; // shared by the rating writers: attempt i rates slip i % n

  let stop = false;
  const acked = { score: [], evidence: [], report: [], rating: [] };
  const inFlight = { score: null };
  const errors = [];
  const ok = (s) => s === 200 || s === 201;
  const loop = async (kind, fn) => {
    for (let i = 1; !stop; i++) {
      try {
        const s = await fn(i);
        if (ok(s)) acked[kind].push(i);
        else if (s !== 503) errors.push(`${kind} ${i}: HTTP ${s}`);
      } catch { /* the connection died with the server: not acknowledged */ }
    }
  };
  const rate = async () => {
    const i = ++rateSeq;
    const res = await fetch(`${srv.base}/rate/${slips[i % slips.length][1]}`, {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rating: String((i % 5) + 1), comment: `danh-gia-${i}` }).toString(),
    });
    await res.text();
    return { i, s: res.status };
  };
  const rater = async () => {
    while (!stop) {
      try {
        const { i, s } = await rate();
        if (s === 303) acked.rating.push(i);
        else if (s !== 503) errors.push(`rating ${i}: HTTP ${s}`);
      } catch { /* the connection died with the server: not acknowledged */ }
    }
  };
  const writers = [
    rater(), rater(), rater(), rater(),
    loop('score', async (i) => {
      inFlight.score = i;
      const r = await api(srv, tok.rep1, 'POST', ASSESS('A1') + '/scores',
        { criterion: '1.1', self: (i % 10) + 0.5, note: `diem-${i}` });
      return r.status;
    }),
    loop('evidence', (i) => upload(srv, tok.rep2, i)),
    loop('report', async (i) => {
      const r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports',
        { status: 'in_progress', date: process.env.PARINDEX_TODAY, progress: i % 100, note: `bao-cao-${i}` });
      return r.status;
    }),
  ];
  console.log(`setup ${Date.now() - T} ms`);
  // let the load run, then kill the server without warning
  while (acked.score.length < 10 || acked.evidence.length < 5 || acked.report.length < 10 ||
    acked.rating.length < 40)
    await new Promise((r) => setTimeout(r, 50));
  const t0 = Date.now();
  console.log(`load ${t0 - T} ms since start; errors ${errors.length}`);
  // the score request in flight now may commit without an answer; the
  // loop goes on after the kill with attempts that cannot reach anything
  const inFlightAtKill = inFlight.score;
  srv.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(writers);
  assert.deepEqual(errors, [], 'every answer before the kill was a success or a clean 503');

  // started again on the same database
  const again = await startServer({ shareWith: srv });
  console.log(`restarted ${Date.now() - t0} ms after the kill`);
  try {
    // evidence: every acknowledged file is stored
    const a2 = await api(again, tok.rep2, 'GET', ASSESS('A2'));
    assert.equal(a2.status, 200, a2.text);
    const files = new Set(a2.json.criteria.find((c) => c.criterion === '1.1').evidence
      .map((e) => e.filename));
    const lostFiles = acked.evidence.filter((i) => !files.has(`minh-chung-${i}.pdf`));
    assert.deepEqual(lostFiles, [], 'acknowledged evidence lost');
    // task reports: every acknowledged note is stored
    const notes = new Set(query(again, "SELECT note FROM plan_report WHERE note LIKE 'bao-cao-%'")
      .split('\n').filter(Boolean));
    const lostReports = acked.report.filter((i) => !notes.has(`bao-cao-${i}`));
    assert.deepEqual(lostReports, [], 'acknowledged task reports lost');
    // ratings: each slip holds its last acknowledged rating or a later
    // attempt's (committed when the kill came before the answer)
    const stored = new Map(query(again, `SELECT dossier_code, comment FROM dossier_rating`)
      .split('\n').filter(Boolean).map((l) => l.split('|')).map(([c, m]) => [c, Number(m.slice(9))]));
    const lostRatings = acked.rating.filter((i) => !(stored.get(slips[i % slips.length][0]) >= i));
    assert.deepEqual(lostRatings, [], 'acknowledged ratings lost');
    const [rated, counted] = query(again, `SELECT (SELECT count(rating) FROM dossier WHERE unit_code = '${RATED_UNIT}'` +
      ` AND status = 'finished'), (SELECT sum(rated) FROM dossier_month WHERE unit_code = '${RATED_UNIT}')`).trim().split('|');
    assert.equal(counted, rated, 'the month counters agree with the dossiers');
    // the score: the last acknowledged value, or the one in flight at the kill
    const last = acked.score[acked.score.length - 1];
    const c11 = (await api(again, tok.rep1, 'GET', ASSESS('A1'))).json.criteria
      .find((c) => c.criterion === '1.1');
    const allowed = [last, inFlightAtKill].map((i) => (i % 10) + 0.5);
    assert.ok(allowed.includes(c11.self), `score ${c11.self}: expected one of ${allowed}`);
    // the database is whole and its audit chain intact
    if (!/^postgres(ql)?:/.test(again.db))
      assert.equal(query(again, 'PRAGMA integrity_check').trim(), 'ok');
    assert.match(again.cli(['audit', 'verify']), /intact: \d+ entries/);
    console.log(`kill -9: acknowledged ${acked.score.length} scores, ${acked.evidence.length} ` +
      `evidence files, ${acked.report.length} task reports, ${acked.rating.length} ratings before the kill; none lost`);
  } finally {
    await again.stop();
  }
});
