// The emulation pages over HTTP (issue 17, formats/emulation.md): who acts
// (the unit's office and the council's members: app_emu_may_act) and who
// sees what (staff: their own record only) on every emulation route; the
// vote form refused below the threshold and for an ineligible candidate
// (422, the message, what was typed kept), passing at exactly 80%; the
// decision issued from its form, its page and its PDF/XLSX downloads; the
// proposal table eligible first, filtered by title, reasons in <details>;
// a person's awards over the years. "Today" is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

process.env.PARINDEX_TODAY = '2016-03-01';
const F = path.join(process.env.FIXTURES, 'emulation');
const RULES = path.join(process.env.FIXTURES, '..', '..', 'data', 'emulation-rules');
const PASSWORD = 'mat-khau-thu-nghiem';

test('emulation: council, votes and the decision on the web', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  const units = fs.readFileSync(path.join(F, 'units.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('HN,')).join('\n');
  const w = (name, text) => { const p = path.join(srv.dir, name); fs.writeFileSync(p, text); return p; };
  cli(['unit', 'import', w('units.csv', units)]);
  cli(['staff', 'import', path.join(F, 'staff.csv')]);
  cli(['evaluation', 'rules', 'import', path.join(F, 'eval-rules.json')]);
  cli(['evaluation', 'import', path.join(F, 'points.csv'), '--rules', 'EMU-TEST-EVAL']);
  cli(['discipline', 'import', path.join(F, 'discipline.csv')]);
  for (const f of fs.readdirSync(RULES)) cli(['emulation', 'rules', 'import', path.join(RULES, f)]);
  cli(['initiative', 'import', path.join(F, 'initiatives.csv')]);
  cli(['award', 'import', path.join(F, 'awards.csv')]);
  for (const [login, role, unit] of [['off-a', 'office', 'SO-A'], ['off-p2', 'office', 'SO-A.P2'],
    ['g1', 'staff', 'SO-A.P1'], ['hd1', 'appraiser', ''], ['hd2', 'appraiser', ''], ['hd3', 'appraiser', ''],
    ['hd4', 'appraiser', ''], ['hd5', 'appraiser', '']]) {
    cli(['user', 'add', login, '--role', role, ...(unit ? ['--unit', unit] : [])], PASSWORD + '\n');
  }
  cli(['--as', 'off-a', 'emulation', 'council', 'set', '--unit', 'SO-A', '--year', '2015', '--quorum', '0,6']);
  for (const m of ['hd1', 'hd2', 'hd3', 'hd4', 'hd5']) cli(['--as', 'off-a', 'emulation', 'council', 'add', '--unit', 'SO-A', '--year', '2015', '--login', m]);
  const as = async (login) => { const c = srv.client(); await c.login(login, PASSWORD); return c; };
  const P = '/emulation/proposals?unit=SO-A&year=2015';

  await t.test('the proposal table: eligible first, filter, reasons in <details>', async () => {
    const c = await as('hd1');
    const r = await c.get(`${P}&title=CSTDCS`);
    assert.equal(r.status, 200);
    const rows = [...r.text_.matchAll(/<tr class="(emu-yes|emu-no)">/g)].map((m) => m[1]);
    assert.equal(rows.length, 29, 'every candidate, one title');
    assert.ok(rows.indexOf('emu-no') > rows.lastIndexOf('emu-yes'), 'eligible first');
    assert.match(r.text_, /<details><summary>[^<]+<\/summary><ul><li>title LDTT=yes<\/li>/);
    assert.match(r.text_, /action="\/emulation\/vote"/, 'a council member gets the vote form');
    const x = await c.get(`${P}&title=CSTDCS&format=xlsx`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
  });

  await t.test('staff see their own record only; outsiders act on nothing', async () => {
    const g = await as('g1');
    const r = await g.get(P);
    assert.equal(r.status, 200);
    const cands = new Set([...r.text_.matchAll(/<small>([^<]+)<\/small>/g)].map((m) => m[1]));
    assert.deepEqual([...cands], ['G1']);
    assert.doesNotMatch(r.text_, /action="\/emulation\/vote"/, 'no vote form for staff');
    const v = await g.post('/emulation/vote', { csrf: await g.csrf(), unit: 'SO-A', year: '2015', candidate: 'G1', vtitle: 'CSTDCS', yes: '5' });
    assert.equal(v.status, 422);
    assert.match(v.text_, /chỉ văn phòng của đơn vị SO-A.P1 và thành viên hội đồng thi đua/);
    const o = await as('off-p2');
    const v2 = await o.post('/emulation/vote', { csrf: await o.csrf(), unit: 'SO-A', year: '2015', candidate: 'G1', vtitle: 'CSTDCS', yes: '5' });
    assert.equal(v2.status, 422, 'the office of another division');
    assert.match(cli(['emulation', 'awards', '--year', '2015', '--format', 'csv']), /^candidate,title,decision,date,cash\n$/, 'nothing decided');
    const m = await g.get('/emulation/minutes?unit=SO-A&year=2015&format=pdf');
    assert.equal(m.status, 404, 'staff do not see the minutes');
  });

  await t.test('votes: ineligible refused, below 80% refused with what was typed, exactly 80% passes', async () => {
    const c = await as('hd2');
    const csrf = await c.csrf();
    const inel = await c.post('/emulation/vote', { csrf, unit: 'SO-A', year: '2015', title: 'CSTDCS', candidate: 'G2', vtitle: 'CSTDCS', yes: '5' });
    assert.equal(inel.status, 422);
    assert.match(inel.text_, /role="alert" id="emu-error">G2 không đủ điều kiện danh hiệu CSTDCS/);
    const low = await c.post('/emulation/vote', { csrf, unit: 'SO-A', year: '2015', title: 'CSTDCS', candidate: 'G1', vtitle: 'CSTDCS', yes: '3', present: '4', written: '1' });
    assert.equal(low.status, 422);
    assert.match(low.text_, /không đạt: 3\/5 phiếu đồng ý, cần ít nhất 80%/);
    assert.match(low.text_, /name="yes" min="0" required value="3"/, 'what was typed is kept');
    const quorum = await c.post('/emulation/vote', { csrf, unit: 'SO-A', year: '2015', title: 'CSTDCS', candidate: 'G1', vtitle: 'CSTDCS', yes: '2', present: '2', written: '0' });
    assert.equal(quorum.status, 422);
    assert.match(quorum.text_, /không đủ túc số: 2\/5/);
    const ok = await c.post('/emulation/vote', { csrf, unit: 'SO-A', year: '2015', title: 'CSTDCS', candidate: 'G1', vtitle: 'CSTDCS', yes: '4', present: '4', written: '1' });
    assert.equal(ok.status, 303, 'exactly 80%: 4 of 5');
  });

  await t.test('the decision: issued from its form, its page, PDF and XLSX', async () => {
    const c = await as('off-a');
    const page = await c.get('/emulation?unit=SO-A&year=2015');
    assert.equal(page.status, 200);
    assert.match(page.text_, /action="\/emulation\/decide"/);
    const csrf = await c.csrf();
    const bad = await c.post('/emulation/decide', { csrf, unit: 'SO-A', year: '2015', number: 'QĐ 30/QĐ-SA', date: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text_, /value="QĐ 30\/QĐ-SA"/, 'the number typed is kept');
    const r = await c.post('/emulation/decide', { csrf, unit: 'SO-A', year: '2015', number: 'QĐ 30/QĐ-SA', date: '2015-12-28' });
    assert.equal(r.status, 303);
    const d = await c.get('/emulation/decision?number=' + encodeURIComponent('QĐ 30/QĐ-SA'));
    assert.equal(d.status, 200);
    assert.match(d.text_, /Chiến sĩ thi đua cơ sở<\/td><td class="num">2\.340\.000<\/td>/);
    const pdf = await c.get('/emulation/decision?format=pdf&number=' + encodeURIComponent('QĐ 30/QĐ-SA'));
    assert.equal(pdf.status, 200);
    assert.equal(pdf.text_.slice(0, 4), '%PDF');
    const x = await c.get('/emulation/decision?format=xlsx&number=' + encodeURIComponent('QĐ 30/QĐ-SA'));
    assert.equal(x.status, 200);
    const g = await as('g1');
    assert.equal((await g.get('/emulation/decision?number=' + encodeURIComponent('QĐ 30/QĐ-SA'))).status, 404, 'staff: the whole decision is not theirs');
  });

  await t.test('the API: the same app functions as the CLI and the pages', async () => {
    const o = await as('off-a');
    const api = JSON.parse((await o.get('/api/v1/emulation/proposals?unit=SO-A&year=2015')).text_);
    const csv = cli(['emulation', 'propose', '--year', '2015', '--unit', 'SO-A', '--format', 'csv']).trim().split('\n').slice(1);
    assert.equal(api.proposals.length, csv.length, 'as many rows as the CLI');
    const g1 = api.proposals.find((p) => p.candidate === 'G1' && p.title === 'CSTDCS');
    assert.ok(csv.includes(`G1,individual,CSTDCS,yes,${g1.reason}`) || csv.some((l) => l.startsWith('G1,individual,CSTDCS,yes,')));
    const g = await as('g1');
    const mine = JSON.parse((await g.get('/api/v1/emulation/proposals?unit=SO-A&year=2015')).text_);
    assert.deepEqual([...new Set(mine.proposals.map((p) => p.candidate))], ['G1'], 'staff: their own');
    const aw = JSON.parse((await g.get('/api/v1/emulation/awards?year=2015')).text_);
    assert.deepEqual([...new Set(aw.awards.map((a) => a.candidate))], ['G1']);
    const c = await as('hd3');
    const token = await c.csrf();
    const json = (b) => c.request('POST', '/api/v1/emulation/vote', { body: JSON.stringify(b), headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token } });
    const bad = await json({ year: 2015, title: 'CSTDCS', candidate: 'G2', yes: 5 });
    assert.equal(bad.status, 403);
    assert.match(JSON.parse(bad.text_).error, /G2 is not eligible for CSTDCS/);
    const low = await json({ year: 2015, title: 'CSTD-TINH', candidate: 'E1', yes: 4, present: 5 });
    assert.equal(low.status, 403, '4/5 = 80% < 90%');
    const ok = await json({ year: 2015, title: 'CSTDCS', candidate: 'E1', yes: 4, present: 5 });
    assert.equal(ok.status, 200, JSON.stringify(ok.text_));
    const sg = await g.request('POST', '/api/v1/emulation/vote', { body: JSON.stringify({ year: 2015, title: 'CSTDCS', candidate: 'G1', yes: 5 }), headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await g.csrf() } });
    assert.equal(sg.status, 403, 'staff may not vote');
  });

  await t.test("a person's awards over the years", async () => {
    const g = await as('g1');
    const r = await g.get('/emulation/awards?candidate=G1');
    assert.equal(r.status, 200);
    assert.match(r.text_, /<td>2015<\/td><td>Chiến sĩ thi đua cơ sở<\/td>/);
    assert.equal((await g.get('/emulation/awards?candidate=E1')).status, 404, 'another person\'s record');
    const o = await as('off-a');
    const e1 = await o.get('/emulation/awards?candidate=E1');
    assert.match(e1.text_, /<td>2013<\/td><td>Chiến sĩ thi đua cơ sở<\/td><td>QĐ 12\/QĐ-SA<\/td><td class="num">nhập từ hồ sơ/);
    const x = await o.get('/emulation/awards?candidate=E1&format=xlsx');
    assert.equal(x.status, 200);
    const unit = await o.get('/emulation/awards?candidate=SO-A.P1');
    assert.equal(unit.status, 200, "a unit's awards");
  });

  await t.test('the public page of recognised models, without signing in', async () => {
    cli(['--as', 'off-a', 'emulation', 'model', 'recognise', '--code', 'MH-9', '--unit', 'SO-A.P1', '--level', 'province',
      '--decision', 'QĐ 9/QĐ-UBND', '--title', 'Một cửa không chờ', '--description', 'Nhận hồ sơ theo lịch hẹn']);
    const anon = srv.client();
    const r = await anon.get('/public/models');
    assert.equal(r.status, 200);
    assert.match(r.text_, /<details><summary>Một cửa không chờ<\/summary><p>Nhận hồ sơ theo lịch hẹn<\/p><\/details><\/td><td>Phòng Một<\/td><td>cấp thành phố<\/td>/);
  });
});
