// Races on one transition, over HTTP against a real server (SQLite and
// PostgreSQL): the rule checks run inside the transaction that writes
// (app/workflow.c), so
//  - scores posted while the unit submits are either stored before the
//    submission or refused: none is acknowledged after it (the defect: a
//    score acknowledged and stored 3 ms after the submit); repeated on
//    twelve units;
//  - six office members clicking "next phase" on the same page at once
//    move the cycle once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, DEMO_PASSWORD } from './harness.mjs';
import { api, today } from './cycle_fixture.mjs';
import { outcomeOf } from './flash.mjs';

const FIX = path.join(process.env.FIXTURES, 'cycle');
const FW = 'T-AGENCY-2025';
// the values of one query (cycle_fixture's sql() runs statements only)
const UNITS = Array.from({ length: 12 }, (_, i) => `R${i + 1}`);

function sql(db, q) {
  if (/^postgres(ql)?:/.test(db)) {
    const bin = process.env.PG_BINDIR ? path.join(process.env.PG_BINDIR, 'psql') : 'psql';
    return execFileSync(bin, ['-X', '-At', '-d', db, '-c', q], { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
}


test('scores posted during a submission are never acknowledged after it', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const units = path.join(srv.dir, 'units.csv');
  fs.writeFileSync(units, 'code,name,kind,parent\n' +
    UNITS.map((u) => `${u},Cơ quan đua ${u},agency,HN\n`).join(''));
  srv.cli(['unit', 'import', units]);
  srv.cli(['framework', 'import', path.join(FIX, 't-agency.json')]);
  srv.cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);
  const tok = {};
  for (const u of UNITS) {
    srv.cli(['user', 'add', `rep-${u.toLowerCase()}`, '--role', 'reporter', '--unit', u], 'mat-khau-dua-xe\n');
    tok[u] = srv.cli(['token', 'create', `rep-${u.toLowerCase()}`]).match(/[A-Za-z0-9_-]{32,}/)[0];
  }
  for (const u of UNITS) {
    const A = `/api/v1/assessments/${FW}/${u}`;
    for (const [c, v] of [['1.1', 9.5], ['1.2', 8], ['2.1', 5]]) {
      const r = await api(srv, tok[u], 'POST', A + '/scores', { criterion: c, self: v, note: 'cách tính' });
      assert.equal(r.status, 200, r.text);
    }
    // thirty score posts and the submission at once
    const posts = [];
    for (let i = 0; i < 30; i++) {
      posts.push(api(srv, tok[u], 'POST', A + '/scores', { criterion: '1.2', self: i % 2 ? 7 : 6 }));
      if (i === 14) posts.push(api(srv, tok[u], 'POST', A + '/submit'));
    }
    const answers = await Promise.all(posts);
    const submit = answers[15];
    assert.equal(submit.status, 200, `the submission of ${u}: ${submit.text}`);
    const acked = answers.filter((r, i) => i !== 15 && r.status === 200).length;
    for (const [i, r] of answers.entries()) {
      if (i !== 15) assert.ok(r.status === 200 || r.status === 422, `post ${i}: ${r.status} ${r.text}`);
    }
    const key = `${FW}/${u}/1.2`;
    const submitSeq = Number(sql(srv.db, `SELECT seq FROM audit_log WHERE action = 'submit' AND entity_key = '${FW}/${u}'`));
    const after = Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'self-assess' AND entity_key = '${key}' AND seq > ${submitSeq}`));
    assert.equal(after, 0, `${u}: ${after} score(s) written after the submission`);
    const before = Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'self-assess' AND entity_key = '${key}' AND seq < ${submitSeq}`));
    assert.equal(before, acked + 1, `${u}: every acknowledged score is stored, before the submission`);
  }

  // six "next phase" clicks from the same page: one moves the cycle
  const clients = [];
  for (let i = 0; i < 6; i++) {
    const c = srv.client();
    await c.login('office', DEMO_PASSWORD);
    clients.push({ c, csrf: await c.csrf() });
  }
  const page = await clients[0].c.get(`/cycles/${FW}`);
  assert.match(page.text_, /name="from" value="self"/, 'the form names the phase it moves from');
  const clicks = await Promise.all(clients.map(({ c, csrf }) =>
    c.post(`/cycles/${FW}/advance`, { csrf, from: 'self' })));
  const outcomes = await Promise.all(clicks.map((r, i) => outcomeOf(clients[i].c, r)));
  const moved = outcomes.filter((o) => o.startsWith('ok: ')).length;
  assert.equal(moved, 1, `six clicks moved the cycle ${moved} times`);
  assert.equal(sql(srv.db, `SELECT phase FROM cycle WHERE framework = '${FW}'`), 'appraisal');
});
