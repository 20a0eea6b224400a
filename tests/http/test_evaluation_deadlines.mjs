// Deadlines of the monthly evaluation over HTTP: the self-evaluation of
// month M is due on the 3rd of M+1 and the manager's score on the 5th
// (settings evaluation_self_day / evaluation_manager_day). The late staff
// member and the leader whose people wait get a notice (/api/v1/notices),
// nobody else does; the unit's month page names who is late. Boundaries:
// today on the deadline is not late, the day after is. "Today" is fixed
// at 04/07/2025, so June's self-evaluation is one day late by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from './harness.mjs';

process.env.PARINDEX_TODAY = '2025-07-04';
const RULES = path.join(process.env.FIXTURES, '..', '..', 'data', 'evaluation-rules', 'HN-3814.json');
const PASSWORD = 'mat-khau-thu-nghiem';
const M = '2025-06';

test('evaluation deadlines and notices', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  const sql = (q) => (srv.db.startsWith('postgres')
    ? execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', srv.db, '-c', q])
    : execFileSync('sqlite3', [srv.db, q]));
  const setting = (name, value) => {
    sql(`DELETE FROM setting WHERE name = '${name}'`);
    if (value !== null) sql(`INSERT INTO setting(name, value) VALUES ('${name}', '${value}')`);
  };
  const w = (name, text) => { const p = path.join(srv.dir, name); fs.writeFileSync(p, text); return p; };
  cli(['evaluation', 'rules', 'import', RULES]);
  cli(['unit', 'import', w('u.csv', 'code,name,kind,parent\nSO-NV.DL,Phòng thử hạn,division,SO-NV\n')]);
  cli(['staff', 'import', w('s.csv', 'code,name,unit_code,category\n' +
    'D01,Trần Thị Một,SO-NV.DL,civil_servant\nD02,Lê Văn Hai,SO-NV.DL,civil_servant\n' +
    'D03,Phạm Thị Ba,SO-NV.DL,civil_servant\n')]);
  for (const [login, role, unit] of [['D01', 'staff', 'SO-NV.DL'], ['D02', 'staff', 'SO-NV.DL'],
    ['lead-dl', 'leader', 'SO-NV'], ['lead-vh2', 'leader', 'SO-VHTT'], ['nostaff', 'staff', 'SO-NV.DL'],
    ['rep-dl', 'reporter', 'SO-NV.DL']]) {
    cli(['user', 'add', login, '--role', role, '--unit', unit], PASSWORD + '\n');
  }
  cli(['evaluation', 'self', '--staff', 'D02', '--month', M, '--points', 'discipline=20,tasks=70,bonus=0']);
  cli(['evaluation', 'self', '--staff', 'D03', '--month', M, '--points', 'discipline=20,tasks=70,bonus=0']);
  cli(['evaluation', 'score', '--staff', 'D03', '--month', M, '--points', 'discipline=20,tasks=70,bonus=0']);
  const as = async (login) => { const c = srv.client(); await c.login(login, PASSWORD); return c; };
  const evalNotices = async (c) => {
    const r = await c.get('/api/v1/notices');
    assert.equal(r.status, 200);
    return JSON.parse(r.text_).filter((n) => n.framework === 'evaluation');
  };

  await t.test('by default June is late on 04/07 for the staff member, the score is due soon', async () => {
    const d01 = await evalNotices(await as('D01'));
    assert.deepEqual(d01.map((n) => [n.vi, n.soon]), [['Quá hạn tự đánh giá tháng 06/2025 (hạn 03/07/2025)', false]]);
    assert.deepEqual(await evalNotices(await as('D02')), [], 'a staff member who self-evaluated has no notice');
    const home = await (await as('D01')).get('/');
    assert.match(home.text_, /<a href="\/evaluation\?month=2025-06#self">Quá hạn tự đánh giá tháng 06\/2025/, 'the home page links the evaluation');
    const lead = await evalNotices(await as('lead-dl'));
    assert.deepEqual(lead.map((n) => [n.vi, n.soon, n.unit]),
      [['SO-NV.DL: 1 người chờ chấm điểm tháng 06/2025 (hạn 05/07/2025)', true, 'SO-NV.DL']],
      'only D02 waits (D03 is scored, D01 has nothing to score)');
    assert.deepEqual(await evalNotices(await as('lead-vh2')), [], 'a leader of another subtree has none');
    const page = await (await as('lead-dl')).get(`/evaluation/units/SO-NV.DL/${M}`);
    assert.equal(page.status, 200);
    assert.match(page.text_, /Hạn tự đánh giá 03\/07\/2025 · hạn lãnh đạo chấm điểm 05\/07\/2025/);
    assert.match(page.text_, /D01<\/small>.*?quá hạn tự đánh giá/s, 'D01 marked late');
    assert.doesNotMatch(page.text_, /quá hạn chấm điểm/, 'the score is not late yet');
  });

  await t.test('the navigation links the evaluation pages for those who have any', async () => {
    const link = /<a href="\/evaluation"[^>]*>Đánh giá cán bộ<\/a>/;
    for (const login of ['D01', 'lead-dl'])
      assert.match((await (await as(login)).get('/notices')).text_, link, `${login} has the link`);
    for (const login of ['nostaff', 'rep-dl'])
      assert.doesNotMatch((await (await as(login)).get('/notices')).text_, link, `${login} has none`);
  });

  await t.test('the deadlines are settings: on the deadline is not late, the day after is', async () => {
    setting('evaluation_self_day', '4');
    setting('evaluation_manager_day', '3');
    const d01 = await evalNotices(await as('D01'));
    assert.deepEqual(d01.map((n) => [n.vi, n.soon]), [['Tự đánh giá tháng 06/2025 trước ngày 04/07/2025', true]]);
    const lead = await evalNotices(await as('lead-dl'));
    assert.deepEqual(lead.map((n) => n.vi), ['SO-NV.DL: 1 người chờ chấm điểm tháng 06/2025 (quá hạn 03/07/2025)']);
    const page = await (await as('lead-dl')).get(`/evaluation/units/SO-NV.DL/${M}`);
    assert.match(page.text_, /D02<\/small>.*?quá hạn chấm điểm/s, 'D02 waits past the manager deadline');
    assert.doesNotMatch(page.text_, /D03<\/small>[^\n]*?quá hạn/, 'D03 is scored');
    setting('evaluation_self_day', '99'); // out of 1..28: the default
    assert.match((await evalNotices(await as('D01')))[0].vi, /^Quá hạn tự đánh giá/);
    setting('evaluation_self_day', null);
    setting('evaluation_manager_day', null);
  });
});
