// PAR inspections over HTTP (formats/inspections.md). The rule that
// matters most, tested from the route table: before an unannounced
// inspection starts, every GET route of `parindex routes`, asked by the
// inspected unit's users (its reporter, its department-scoped office),
// answers without the inspection's code anywhere in the body, and its own
// URL answers 404 exactly like a code that does not exist; after the lead
// starts it, the unit sees it. Then the on-site flow as forms post it: a
// checklist item with a photo (a script named .jpg and an SVG refused by
// content), a finding, a recommendation, the conclusion and its PDF, the
// unit's remediation, the lead's rejection (back to open) and acceptance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

const CODE = 'KT-2026-SECRET';
const PW = 'long-password-1\n';
let srv, routes, framework;

before(async () => {
  srv = await startServer();
  routes = JSON.parse(srv.cli(['routes', '--format', 'json']));
  framework = JSON.parse(srv.cli(['framework', 'list', '--format', 'json']))
    .find((f) => f.group === 'department').code;
  srv.cli(['user', 'add', 'rep-vhtt', '--role', 'reporter', '--unit', 'SO-VHTT'], PW);
  srv.cli(['user', 'add', 'lead-kt', '--role', 'inspector'], PW);
  srv.cli(['user', 'add', 'member-kt', '--role', 'inspector'], PW);
  const plan = path.join(srv.dir, 'plan.csv');
  fs.writeFileSync(plan, 'inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\n'
    + `${CODE},2026,SO-VHTT,unannounced,2026-12-01,2026-12-31,lead-kt,member-kt,one_stop,procedure,one_stop\n`);
  srv.cli(['inspection', 'import', plan]);
});
after(async () => { await srv.stop(); });

function fill(pattern) {
  const values = { code: 'SO-VHTT', unit: 'SO-VHTT', framework, login: 'rep-vhtt', id: '1', criterion: '1',
    'rest*': 'style.css', plan: 'KH-2026-SO-VHTT', task: '1' };
  if (/^(\/api\/v1)?\/inspections\/\{code\}/.test(pattern)) values.code = CODE;
  return pattern.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(values[name]).replace(/%2F/g, '/'));
}

async function as(login, password = 'long-password-1') {
  const c = srv.client();
  await c.login(login, password);
  return c;
}

async function csrfOf(c, p) {
  const r = await c.get(p);
  const m = r.text_.match(/name="csrf" value="([^"]+)"/);
  assert.ok(m, `no form on ${p}`);
  return m[1];
}

test('before its start the unannounced inspection is in no body of any GET route, for the inspected unit', async () => {
  const gets = routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/static'));
  assert.ok(gets.length > 40, 'the route table is read');
  const users = [['rep-vhtt', 'long-password-1'], ['office-vhtt', 'demo-parindex']];
  for (const [login, pw] of users) {
    const c = await as(login, pw);
    for (const r of gets) {
      const p = fill(r.path);
      const res = await c.get(p);
      // the page's own address (the language switch links to it) is what was asked, not news
      const body = res.text_.split(p).join('');
      assert.ok(!body.includes(CODE), `${login} GET ${p} (${res.status}) shows ${CODE}`);
      assert.ok(!body.includes('SECRET'), `${login} GET ${p} shows part of the code`);
      if (p.includes(CODE)) assert.equal(res.status, 404, `${login} GET ${p}: 404`);
    }
    const own = await c.get(`/inspections/${CODE}`);
    const none = await c.get('/inspections/KT-2026-NOSUCH');
    assert.equal(own.status, 404, `${login}: its URL answers 404`);
    assert.equal(none.status, 404);
    const strip = (t) => t.replace(/name="csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '');
    assert.equal(strip(own.text_).split(CODE).join('X'), strip(none.text_).split('KT-2026-NOSUCH').join('X'),
      `${login}: the same answer as for a code that does not exist`);
    const conclusion = await c.get(`/inspections/${CODE}/conclusion`);
    assert.equal(conclusion.status, 404, `${login}: its conclusion URL answers 404`);
    const csrf = await csrfOf(c, '/account');
    const post = await c.post(`/inspections/${CODE}/start`, { csrf });
    assert.equal(post.status, 404, `${login}: a POST on it answers 404, never 403`);
  }
  // the API answers the same: 404, and not in the list
  const api = await as('rep-vhtt');
  assert.equal((await api.get(`/api/v1/inspections/${CODE}`)).status, 404);
  assert.ok(!(await api.get('/api/v1/inspections')).text_.includes(CODE));
  // the team and the city's office know it
  for (const [login, pw] of [['lead-kt', 'long-password-1'], ['office', 'demo-parindex'], ['leader', 'demo-parindex']]) {
    const c = await as(login, pw);
    const res = await c.get('/inspections');
    assert.ok(res.text_.includes(CODE), `${login} sees it in the plan`);
  }
  // an inspector not on its team does not
  const other = await as('inspector', 'demo-parindex');
  assert.equal((await other.get(`/inspections/${CODE}`)).status, 404);
});

test('on site from a phone: start, checklist with a photo, finding, recommendation, conclusion, PDF; the unit follows up', async () => {
  const lead = await as('lead-kt');
  let csrf = await csrfOf(lead, `/inspections/${CODE}`);
  let r = await lead.post(`/inspections/${CODE}/start`, { csrf });
  assert.equal(r.status, 303, 'the lead starts');
  // the unit sees it from now on
  const json = JSON.parse((await lead.get(`/api/v1/inspections/${CODE}`)).text_);
  assert.equal(json.state, 'started');
  assert.ok(json.allowed.includes('check') && json.allowed.includes('conclude'), 'the lead may check and conclude');
  assert.ok(json.items.some((i) => i.item === 'OS-2'), 'the one-stop checklist');
  const unit = await as('rep-vhtt');
  assert.ok((await unit.get('/inspections')).text_.includes(CODE), 'the unit sees it once started');
  assert.equal((await unit.get(`/inspections/${CODE}`)).status, 200);
  const page = await lead.get(`/inspections/${CODE}`);
  assert.match(page.text_, /capture="environment"/, 'the photo input opens the camera');
  csrf = page.text_.match(/name="csrf" value="([^"]+)"/)[1];
  const photo = async (bytes, name, type) => {
    const fd = new FormData();
    fd.set('csrf', csrf);
    fd.set('item', 'OS-1');
    fd.set('result', 'compliant');
    fd.set('note', 'Đủ TTHC');
    fd.set('photo', new Blob([bytes], { type }), name);
    return lead.request('POST', `/inspections/${CODE}/check`, { body: fd });
  };
  r = await photo(Buffer.from('#!/bin/sh\necho hi\n'), 'desk.jpg', 'image/jpeg');
  assert.equal(r.status, 422, 'a script named .jpg');
  assert.match(r.text_, /JPEG/);
  r = await photo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'x.svg', 'image/svg+xml');
  assert.equal(r.status, 422, 'an SVG');
  r = await photo(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 'desk.png', 'image/png');
  assert.equal(r.status, 303, 'a PNG from the camera');
  r = await lead.post(`/inspections/${CODE}/findings`, { csrf, kind: 'shortcoming', area: 'procedure', text: 'Chưa niêm yết đủ TTHC' });
  assert.equal(r.status, 303);
  r = await lead.post(`/inspections/${CODE}/findings`, { csrf, kind: 'good_practice', area: 'digital', text: 'Ki-ốt tra cứu kết quả' });
  assert.equal(r.status, 303);
  r = await lead.post(`/inspections/${CODE}/recommendations`, { csrf, finding: '1', text: 'Niêm yết đủ TTHC', unit: 'SO-VHTT', due: '2099-12-31' });
  assert.equal(r.status, 303);
  const shown = (await lead.get(`/inspections/${CODE}`)).text_;
  const id = shown.match(/href="\/recommendations\/(\d+)"/)[1];
  // a reporter cannot conclude
  const ucsrf = await csrfOf(unit, `/inspections/${CODE}`);
  r = await unit.post(`/inspections/${CODE}/conclude`, { csrf: ucsrf, number: '1/KL', date: '2026-01-01' });
  assert.equal(r.status, 403, 'the unit cannot conclude');
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  r = await lead.post(`/inspections/${CODE}/conclude`, { csrf, number: '99/KL-SNV', date: today, summary: 'Cơ bản tốt' });
  assert.equal(r.status, 303, 'the lead concludes');
  const pdf = await lead.get(`/inspections/${CODE}/conclusion`);
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /pdf/);
  // good practices, city-wide
  const good = await (await as('office', 'demo-parindex')).get('/inspections/good-practices');
  assert.match(good.text_, /Ki-ốt tra cứu kết quả/);
  // the unit reports, the lead rejects (back to open), the unit reports again, the lead accepts
  const rcsrf = await csrfOf(unit, `/recommendations/${id}`);
  r = await unit.post(`/recommendations/${id}/report`, { csrf: rcsrf, date: today, note: 'Đã niêm yết' });
  assert.equal(r.status, 303, 'the unit reports');
  r = await unit.post(`/recommendations/${id}/accept`, { csrf: rcsrf });
  assert.equal(r.status, 403, 'the unit cannot verify itself');
  r = await lead.post(`/recommendations/${id}/reject`, { csrf, reason: '' });
  assert.equal(r.status, 422, 'a rejection needs a reason');
  r = await lead.post(`/recommendations/${id}/reject`, { csrf, reason: 'Thiếu ảnh' });
  assert.equal(r.status, 303);
  assert.match((await unit.get(`/recommendations/${id}`)).text_, /Thiếu ảnh/);
  r = await unit.post(`/recommendations/${id}/report`, { csrf: rcsrf, date: today, note: 'Đã bổ sung' });
  assert.equal(r.status, 303);
  r = await lead.post(`/recommendations/${id}/accept`, { csrf });
  assert.equal(r.status, 303);
  const list = JSON.parse(srv.cli(['inspection', 'list', '--format', 'json']));
  assert.equal(list.find((x) => x.inspection_code === CODE).state, 'closed', 'closed with its last recommendation');
});
