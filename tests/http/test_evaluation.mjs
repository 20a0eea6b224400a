// Staff evaluation over HTTP (formats/evaluation.md): the privacy matrix
// (a staff member sees only their own evaluation; a leader the people
// under their grant; an office within its subtree; nobody else, however
// much else they may read) on every evaluation route, and the monthly flow
// through the pages' forms: the self-evaluation keeps what was typed after
// a refusal (422, the message next to its field), the manager scores, the
// head's approval meets the quota refusal naming cap, count and holders,
// then passes; a staff member cannot score. "Today" is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

process.env.PARINDEX_TODAY = '2025-06-20';
const RULES = path.join(process.env.FIXTURES, '..', '..', 'data', 'evaluation-rules', 'HN-3814.json');
const PASSWORD = 'mat-khau-thu-nghiem';
const M = '2025-06';

const codesIn = (html) => [...new Set([...html.matchAll(/<small>([EF]0\d)<\/small>/g)].map((m) => m[1]))].sort();

test('evaluation: privacy and the monthly flow', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  const w = (name, text) => { const p = path.join(srv.dir, name); fs.writeFileSync(p, text); return p; };
  cli(['evaluation', 'rules', 'import', RULES]);
  cli(['unit', 'import', w('u.csv', 'code,name,kind,parent\nSO-NV.EV,Phòng thử đánh giá,division,SO-NV\n' +
    'SO-VHTT.EV,Phòng thử Văn hóa,division,SO-VHTT\n')]);
  cli(['staff', 'import', w('s.csv', 'code,name,unit_code,category\n' +
    'E01,Trần Thị Một,SO-NV.EV,civil_servant\nE02,Lê Văn Hai,SO-NV.EV,civil_servant\n' +
    'E03,Phạm Thị Ba,SO-NV.EV,civil_servant\nE04,Vũ Văn Bốn,SO-NV.EV,civil_servant\n' +
    'F01,Hoàng Văn Năm,SO-VHTT.EV,civil_servant\n')]);
  for (const [login, role, unit] of [['E01', 'staff', 'SO-NV.EV'], ['E02', 'staff', 'SO-NV.EV'],
    ['F01', 'staff', 'SO-VHTT.EV'], ['lead-nv', 'leader', 'SO-NV'], ['lead-vh', 'leader', 'SO-VHTT'],
    ['off-vh', 'office', 'SO-VHTT']]) {
    cli(['user', 'add', login, '--role', role, '--unit', unit], PASSWORD + '\n');
  }
  const as = async (login, password = PASSWORD) => { const c = srv.client(); await c.login(login, password); return c; };
  const unitMonth = `/evaluation/units/SO-NV.EV/${M}`;

  await t.test('the self-evaluation form keeps what was typed after a refusal', async () => {
    const c = await as('E01');
    const page = await c.get('/evaluation');
    assert.equal(page.status, 200);
    assert.match(page.text_, /action="\/evaluation\/self"/);
    const csrf = await c.csrf();
    const bad = await c.post('/evaluation/self', { csrf, month: M, p_discipline: '25', p_tasks: '61.5', p_bonus: '0', comment: 'Hoàn thành tốt' });
    assert.equal(bad.status, 422);
    assert.match(bad.text_, /id="self-discipline"[^>]*value="25" aria-invalid="true"/);
    assert.match(bad.text_, /value="61.5"/, 'the other fields keep what was typed');
    assert.match(bad.text_, /Hoàn thành tốt/);
    assert.match(bad.text_, /điểm ngoài khoảng 0..20/);
    const ok = await c.post('/evaluation/self', { csrf, month: M, p_discipline: '20', p_tasks: '70', p_bonus: '5' });
    assert.equal(ok.status, 303);
    // a staff member evaluates only themselves: the form has no staff field
    assert.match(cli(['evaluation', 'month', '--unit', 'SO-NV.EV', '--month', M, '--format', 'csv']),
      /^E01,Trần Thị Một,20,70,5,,,self_evaluated$/m);
  });
  for (const s of ['E02', 'E03', 'E04']) {
    cli(['evaluation', 'self', '--staff', s, '--month', M, '--points', 'discipline=20,tasks=70,bonus=5']);
  }

  await t.test('privacy: own record, the grant\'s people, nobody else', async () => {
    const see = async (login, password) => {
      const c = await as(login, password);
      const r = await c.get(unitMonth);
      return r.status === 200 ? codesIn(r.text_) : r.status;
    };
    assert.deepEqual(await see('E01'), ['E01'], 'a staff member sees their own row only');
    assert.deepEqual(await see('E02'), ['E02']);
    assert.deepEqual(await see('lead-nv'), ['E01', 'E02', 'E03', 'E04'], 'a leader over SO-NV sees its subtree');
    assert.deepEqual(await see('office', DEMO_PASSWORD), ['E01', 'E02', 'E03', 'E04'], 'a city-wide office');
    assert.equal(await see('F01'), 404, 'another unit\'s staff member');
    assert.equal(await see('lead-vh'), 404, 'a leader of another department');
    assert.equal(await see('off-vh'), 404, 'an office of another department');
    assert.equal(await see('appraiser', DEMO_PASSWORD), 404, 'an appraiser reads everything else, not this');
    assert.equal(await see('inspector', DEMO_PASSWORD), 404, 'an inspector');
    const year = async (login, password) => (await (await as(login, password)).get('/evaluation/units/SO-NV.EV/year/2025')).status;
    assert.equal(await year('lead-nv'), 200);
    assert.equal(await year('lead-vh'), 404);
    assert.equal(await year('appraiser', DEMO_PASSWORD), 404);
    // my page shows my months only
    const mine = await (await as('E02')).get('/evaluation');
    assert.doesNotMatch(mine.text_, /Trần Thị Một/);
  });

  await t.test('a staff member cannot score, a leader cannot score outside the grant', async () => {
    const c = await as('E01');
    const r = await c.post(`${unitMonth}/score`, { csrf: await c.csrf(), staff: 'E02', p_discipline: '0', p_tasks: '0', p_bonus: '0' });
    assert.equal(r.status, 403);
    const l = await as('lead-vh');
    const r2 = await l.post(`${unitMonth}/score`, { csrf: await l.csrf(), staff: 'E02', p_discipline: '0', p_tasks: '0', p_bonus: '0' });
    assert.equal(r2.status, 404, 'not visible: not found');
    assert.match(cli(['evaluation', 'month', '--unit', 'SO-NV.EV', '--month', M, '--format', 'csv']),
      /^E02,Lê Văn Hai,20,70,5,,,self_evaluated$/m, 'nothing stored');
  });

  await t.test('the manager scores, the head meets the quota refusal, then approves', async () => {
    const c = await as('lead-nv');
    const csrf = await c.csrf();
    const form = await c.get(unitMonth);
    assert.match(form.text_, /action="\/evaluation\/units\/SO-NV.EV\/2025-06\/score"/);
    for (const s of ['E01', 'E02', 'E03', 'E04']) {
      const r = await c.post(`${unitMonth}/score`, { csrf, staff: s, p_discipline: '20', p_tasks: '70', p_bonus: '5', comment: 'Tốt' });
      assert.equal(r.status, 303, s);
    }
    const bad = await c.post(`${unitMonth}/score`, { csrf, staff: 'E03', p_discipline: '20', p_tasks: '75', p_bonus: '5' });
    assert.equal(bad.status, 422);
    assert.match(bad.text_, /id="s-E03-tasks"[^>]*value="75" aria-invalid="true"/, 'the typed value kept in the person\'s form');
    const refused = await c.post(`${unitMonth}/approve`, { csrf });
    assert.equal(refused.status, 422);
    assert.match(refused.text_, /vượt tỷ lệ loại A của SO-NV.EV tháng 2025-06: tối đa 1, có 4 \(E01, E02, E03, E04\)/);
    for (const s of ['E02', 'E03', 'E04']) {
      await c.post(`${unitMonth}/score`, { csrf, staff: s, p_discipline: '20', p_tasks: '60', p_bonus: '0' });
    }
    const ok = await c.post(`${unitMonth}/approve`, { csrf });
    assert.equal(ok.status, 303);
    const csv = cli(['evaluation', 'month', '--unit', 'SO-NV.EV', '--month', M, '--format', 'csv']);
    assert.match(csv, /^E01,Trần Thị Một,20,70,5,95,A,approved$/m);
    assert.match(csv, /^E02,Lê Văn Hai,20,60,0,80,B,approved$/m);
    const year = await c.get('/evaluation/units/SO-NV.EV/year/2025');
    assert.match(year.text_, /<svg/);
    assert.match(year.text_, /chỉ có 1 tháng được đánh giá/);
  });
});
