// The staff evaluation JSON API (docs/api.md "Staff evaluation") and one
// person's year page, with the privacy rule of app_may_see_evaluation on
// every one: a staff member sees only their own rows, a leader or office
// the people under their grant, nobody else (404, as for what does not
// exist). "Today" is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from './harness.mjs';

process.env.PARINDEX_TODAY = '2025-06-20';
const RULES = path.join(process.env.FIXTURES, '..', '..', 'data', 'evaluation-rules', 'HN-3814.json');
const PASSWORD = 'mat-khau-thu-nghiem';
const M = '2025-05';

test('evaluation API and the year of one person', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  const w = (name, text) => { const p = path.join(srv.dir, name); fs.writeFileSync(p, text); return p; };
  cli(['evaluation', 'rules', 'import', RULES]);
  cli(['unit', 'import', w('u.csv', 'code,name,kind,parent\nSO-NV.AP,Phòng thử API,division,SO-NV\n' +
    'SO-VHTT.AP,Phòng thử Văn hóa,division,SO-VHTT\n')]);
  cli(['staff', 'import', w('s.csv', 'code,name,unit_code,category\n' +
    'A01,Trần Thị Một,SO-NV.AP,civil_servant\nA02,Lê Văn Hai,SO-NV.AP,civil_servant\n' +
    'B01,Hoàng Văn Năm,SO-VHTT.AP,civil_servant\n')]);
  for (const [login, role, unit] of [['A01', 'staff', 'SO-NV.AP'], ['A02', 'staff', 'SO-NV.AP'],
    ['B01', 'staff', 'SO-VHTT.AP'], ['lead-ap', 'leader', 'SO-NV'], ['lead-vh3', 'leader', 'SO-VHTT'],
    ['off-vh3', 'office', 'SO-VHTT'], ['off-nv3', 'office', 'SO-NV']]) {
    cli(['user', 'add', login, '--role', role, '--unit', unit], PASSWORD + '\n');
  }
  for (const s of ['A01', 'A02']) {
    cli(['evaluation', 'self', '--staff', s, '--month', M, '--points', 'discipline=20,tasks=60,bonus=0']);
    cli(['evaluation', 'score', '--staff', s, '--month', M, '--points', `discipline=20,tasks=${s === 'A01' ? 60 : 50},bonus=0`]);
  }
  cli(['evaluation', 'approve', '--unit', 'SO-NV.AP', '--month', M]);
  cli(['evaluation', 'self', '--staff', 'A01', '--month', '2025-06', '--points', 'discipline=18,tasks=60,bonus=1']);
  const as = async (login) => { const c = srv.client(); await c.login(login, PASSWORD); return c; };
  const json = async (c, url, status = 200) => {
    const r = await c.get(url);
    assert.equal(r.status, status, `${url}: ${r.text_}`);
    return JSON.parse(r.text_);
  };
  const staffOf = (body) => body.rows.map((x) => x.staff).sort();

  await t.test('my months: only my own, with points, total and grade once approved', async () => {
    const me = await json(await as('A01'), '/api/v1/evaluation/me?year=2025');
    assert.equal(me.staff, 'A01');
    assert.equal(me.unit, 'SO-NV.AP');
    const may = me.months.find((m) => m.month === M);
    assert.deepEqual([may.state, may.total, may.grade, may.points], ['approved', 80, 'B', { discipline: 20, tasks: 60, bonus: 0 }]);
    const june = me.months.find((m) => m.month === '2025-06');
    assert.deepEqual([june.state, june.total, june.grade], ['self_evaluated', null, null]);
    const other = await json(await as('A02'), '/api/v1/evaluation/me?year=2025');
    assert.equal(other.months.find((m) => m.month === M).total, 70, "A02's own total");
    await json(await as('lead-ap'), '/api/v1/evaluation/me', 404); // not a staff member's account
    await json(await as('A01'), '/api/v1/evaluation/me?year=20x5', 400);
  });

  await t.test("a unit's month: the rows the actor may see, nobody else's", async () => {
    const url = `/api/v1/evaluation/units/SO-NV.AP/${M}`;
    assert.deepEqual(staffOf(await json(await as('A01'), url)), ['A01'], 'a staff member: their own row only');
    assert.deepEqual(staffOf(await json(await as('A02'), url)), ['A02']);
    const lead = await json(await as('lead-ap'), url);
    assert.deepEqual(staffOf(lead), ['A01', 'A02'], 'the leader over the unit: everyone');
    assert.deepEqual(lead.quota, { grade: 'A', cap: 0, holders: 0 });
    assert.deepEqual(lead.deadlines, { self: '2025-06-03', manager: '2025-06-05' });
    assert.deepEqual(staffOf(await json(await as('off-nv3'), url)), ['A01', 'A02'], 'the office over the unit');
    for (const login of ['B01', 'lead-vh3', 'off-vh3'])
      await json(await as(login), url, 404);
  });

  await t.test("a unit's year: the same rule", async () => {
    const url = '/api/v1/evaluation/units/SO-NV.AP/year/2025';
    const mine = await json(await as('A01'), url);
    assert.deepEqual(staffOf(mine), ['A01']);
    assert.equal(mine.rows[0].level, 'not_rated', 'one rated month: not rated');
    assert.match(mine.rows[0].reason.en, /6/);
    assert.deepEqual(staffOf(await json(await as('lead-ap'), url)), ['A01', 'A02']);
    for (const login of ['B01', 'lead-vh3', 'off-vh3'])
      await json(await as(login), url, 404);
  });

  // the bytes of a download (the harness reads text)
  const download = async (c, url) => {
    const res = await fetch(c.base + url, { headers: { Cookie: c.cookieHeader() }, redirect: 'manual' });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const xlsxText = (bytes) => {
    const f = path.join(srv.dir, `d${Date.now()}${Math.random()}.xlsx`);
    fs.writeFileSync(f, bytes);
    return execFileSync('unzip', ['-p', f], { encoding: 'utf8' }); // every part: shared or inline strings
  };

  await t.test("downloads of the unit's month and year: XLSX and PDF, the same privacy", async () => {
    const lead = await as('lead-ap');
    const month = `/evaluation/units/SO-NV.AP/${M}`;
    const x = await download(lead, `${month}?format=xlsx`);
    assert.equal(x.status, 200);
    assert.match(x.type, /spreadsheetml/);
    const all = xlsxText(x.bytes);
    assert.match(all, /Trần Thị Một/);
    assert.match(all, /Lê Văn Hai/);
    const p = await download(lead, `${month}?format=pdf`);
    assert.equal(p.status, 200);
    assert.equal(p.bytes.subarray(0, 5).toString(), '%PDF-');
    const own = xlsxText((await download(await as('A01'), `${month}?format=xlsx`)).bytes);
    assert.match(own, /Trần Thị Một/);
    assert.doesNotMatch(own, /Lê Văn Hai/, "a staff member's download has only their own row");
    assert.equal((await download(await as('lead-vh3'), `${month}?format=xlsx`)).status, 404);
    const year = '/evaluation/units/SO-NV.AP/year/2025';
    const yx = await download(lead, `${year}?format=xlsx`);
    assert.equal(yx.status, 200);
    assert.match(xlsxText(yx.bytes), /không xếp loại/, "the level in words");
    const yp = await download(lead, `${year}?format=pdf`);
    assert.equal(yp.bytes.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await download(lead, `${year}?format=docx`)).status, 400);
    assert.match((await lead.get(month)).text_, /format=xlsx" download>Tải Excel/);
  });

  await t.test("a person's year at a glance", async () => {
    const a01 = await as('A01');
    const page = await a01.get('/evaluation/people/A01/year/2025');
    assert.equal(page.status, 200);
    assert.match(page.text_, /<svg/, 'the chart of the monthly totals');
    assert.match(page.text_, /05\/2025<\/a><\/th><td class="num">80<\/td><td>B<\/td>/);
    assert.equal((await a01.get('/evaluation/people/A02/year/2025')).status, 404, 'not another person');
    assert.equal((await (await as('lead-ap')).get('/evaluation/people/A02/year/2025')).status, 200);
    assert.equal((await (await as('lead-vh3')).get('/evaluation/people/A02/year/2025')).status, 404);
    assert.equal((await a01.get('/evaluation/people/NOBODY/year/2025')).status, 404);
  });
});
