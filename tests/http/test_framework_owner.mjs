// A department's own framework over HTTP (issue 13): the demo's
// SO-VHTT-PHONG-2026 is owned by Sở Văn hóa và Thể thao ("unit": SO-VHTT)
// and ranks its divisions. Its office (office-vhtt) sees and runs that
// cycle; its divisions' reporters self-assess; the list of cycles shows a
// scoped office only what it may see. Another department's framework
// (imported here, owned by SO-NV) is refused to office-vhtt on every cycle
// action and every office action on its assessments (403 or 404, by the
// page, the form and the API), and nothing is written by a refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, auditCount, DEMO_PASSWORD } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

const OWN = 'SO-VHTT-PHONG-2026';
const OTHER = 'SO-NV-PHONG-2026';
let srv;
before(async () => {
  srv = await startServer();
  const fw = JSON.parse(srv.cli(['framework', 'export', OWN]));
  Object.assign(fw, { code: OTHER, unit: 'SO-NV', title: 'Chấm điểm CCHC các phòng thuộc Sở Nội vụ (kiểm thử)' });
  const file = path.join(srv.dir, 'other.json');
  fs.writeFileSync(file, JSON.stringify(fw));
  srv.cli(['framework', 'import', file]);
  srv.cli(['cycle', 'open', '--framework', OTHER, '--self-until', '2099-12-31']);
  srv.cli(['user', 'add', 'rep-vhtt-p02', '--role', 'reporter', '--unit', 'SO-VHTT.P02'], DEMO_PASSWORD + '\n');
  srv.cli(['user', 'add', 'rep-nv-p02', '--role', 'reporter', '--unit', 'SO-NV.P02'], DEMO_PASSWORD + '\n');
});
after(async () => { await srv.stop(); });

async function signIn(login) {
  const c = srv.client();
  await c.login(login);
  return { c, csrf: await c.csrf() };
}

async function api(tok, method, p, body) {
  const res = await fetch(srv.base + p, {
    method,
    headers: { Authorization: `Bearer ${tok}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, text: await res.text() };
}

test('the framework page names its owner unit', async () => {
  const { c } = await signIn('office');
  const own = await c.get(`/frameworks/${OWN}`);
  assert.equal(own.status, 200);
  assert.match(own.text_, /Đơn vị chủ quản: <a href="\/units\/SO-VHTT">SO-VHTT<\/a>/);
  const city = await c.get('/frameworks/HN-DEPT-2025');
  assert.match(city.text_, /Đơn vị chủ quản: thành phố/);
  const json = JSON.parse((await c.get(`/api/v1/frameworks/${OWN}`)).text_);
  assert.equal(json.unit, 'SO-VHTT');
});

test('the department office sees and runs its own cycle; its divisions self-assess', async () => {
  const { c, csrf } = await signIn('office-vhtt');
  // the list of cycles: the frameworks it may see, not the city's
  const list = await c.get('/cycles');
  assert.equal(list.status, 200);
  assert.match(list.text_, new RegExp(`/cycles/${OWN}"`));
  assert.doesNotMatch(list.text_, /\/cycles\/HN-/);
  assert.doesNotMatch(list.text_, new RegExp(`/cycles/${OTHER}"`));
  const page = await c.get(`/cycles/${OWN}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /SO-VHTT\.P01/);
  assert.doesNotMatch(page.text_, /SO-NV/);
  // office actions on its divisions' assessments: done and audited
  const before = auditCount(srv);
  let r = await c.post(`/assessments/${OWN}/SO-VHTT.P02/extend`, { csrf, until: '2099-12-31', reason: 'Phòng xin gia hạn' });
  assert.equal(r.status, 303);
  assert.match(await outcomeOf(c, r), /^ok: /);
  r = await c.post(`/assessments/${OWN}/SO-VHTT.P02/appraisers`, { csrf, login: 'appraiser' });
  assert.equal(r.status, 303);
  assert.match(await outcomeOf(c, r), /^ok: /);
  assert.equal(auditCount(srv), before + 2);
  // a division's reporter self-assesses its own division, not another's
  const tok = srv.cli(['token', 'create', 'rep-vhtt-p02']).trim();
  r = await api(tok, 'POST', `/api/v1/assessments/${OWN}/SO-VHTT.P02/scores`, { criterion: '1.3', self: 1.5, note: 'Có 2 sáng kiến' });
  assert.equal(r.status, 200, r.text);
  r = await api(tok, 'POST', `/api/v1/assessments/${OWN}/SO-VHTT.P04/scores`, { criterion: '1.3', self: 1.5 });
  assert.ok([403, 404].includes(r.status), `another division: ${r.status}`);
  const nv = srv.cli(['token', 'create', 'rep-nv-p02']).trim();
  r = await api(nv, 'POST', `/api/v1/assessments/${OWN}/SO-NV.P02/scores`, { criterion: '1.3', self: 1 });
  assert.ok([403, 404].includes(r.status), `a unit the framework does not assess: ${r.status}`);
  // the city's office sees the department's cycle too (its grant covers SO-VHTT)
  const city = await signIn('office');
  assert.equal((await city.c.get(`/cycles/${OWN}`)).status, 200);
});

test('the department office gets 403 on another department\'s cycle, and writes nothing', async () => {
  const { c, csrf } = await signIn('office-vhtt');
  const tok = srv.cli(['token', 'create', 'office-vhtt']).trim();
  const before = auditCount(srv);
  for (const p of [`/cycles/${OTHER}`, `/cycles/${OTHER}/advance`, `/cycles/${OTHER}/publish`,
    `/api/v1/results/${OTHER}`, `/charts/ranking/${OTHER}`]) {
    const r = await c.get(p);
    assert.equal(r.status, 403, p);
    assert.doesNotMatch(r.text_, /Sở Nội vụ|SO-NV\./, `${p} shows nothing of the other department`);
  }
  for (const verb of ['open', 'advance', 'publish']) {
    const r = await c.post(`/cycles/${OTHER}/${verb}`, { csrf, from: 'self', self_until: '2099-12-31' });
    assert.equal(r.status, 403, verb);
    assert.match(r.text_, /thuộc đơn vị khác|another unit/, verb);
  }
  // the office's actions on its assessments: refused (404: the unit is
  // outside its grant; 403: the framework is not its own)
  for (const [p, body] of [[`/assessments/${OTHER}/SO-NV.P01/extend`, { until: '2099-12-31', reason: 'x' }],
    [`/assessments/${OTHER}/SO-NV.P01/appraisers`, { login: 'appraiser' }],
    [`/assessments/${OTHER}/SO-NV.P01/appraisers/remove`, { login: 'appraiser' }],
    [`/decisions/${OTHER}/SO-NV.P01`, { criterion: '1.2', decision: 'accept' }]]) {
    const r = await c.post(p, { csrf, ...body });
    assert.ok([403, 404].includes(r.status), `${p} -> ${r.status}`);
  }
  const r = await api(tok, 'POST', `/api/v1/frameworks/${OTHER}/publish`);
  assert.equal(r.status, 403);
  assert.ok(JSON.parse(r.text).error);
  assert.equal(auditCount(srv), before, 'nothing written by any refusal');
  // the other department's cycle did not move
  assert.match(srv.cli(['cycle', 'status', '--framework', OTHER]), /phase self;/);
});
