// Who may record an inspection's checklist: the route asks the inspect
// capability (the inspector and office roles: nobody else may even send
// an upload), then the team rule of the inspection machine
// (app/inspection.c guard_team) decides: its lead and members. A
// department's PAR office (role office, scoped to SO-VHTT) leads its
// self-inspection of a division and ticks its items from the page and the
// API; an inspector who is not on the team is refused by the team rule
// (403, not the router's refusal), the division's reporter by the router.
// "Today" is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

process.env.PARINDEX_TODAY = '2026-11-20';
const CODE = 'TKT-VHTT-LEAD';
const PW = 'long-password-1';

test('an office-role team lead ticks the checklist; others are refused by the team rule', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  srv.cli(['user', 'add', 'insp-other', '--role', 'inspector'], PW + '\n');
  srv.cli(['user', 'add', 'rep-p01', '--role', 'reporter', '--unit', 'SO-VHTT.P01'], PW + '\n');
  const plan = path.join(srv.dir, 'plan.csv');
  fs.writeFileSync(plan, 'inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\n'
    + `${CODE},2026,SO-VHTT.P01,scheduled,2026-11-20,2026-11-20,office-vhtt,,office,procedure,office\n`);
  srv.cli(['inspection', 'import', plan, '--as', 'office-vhtt']);
  const as = async (login, pw) => { const c = srv.client(); await c.login(login, pw); return c; };
  const csrfOf = async (c, p) => (await c.get(p)).text_.match(/name="csrf" value="([^"]+)"/)[1];
  const check = async (c, item, result) => {
    const fd = new FormData();
    fd.set('csrf', await csrfOf(c, `/inspections/${CODE}`));
    fd.set('item', item);
    fd.set('result', result);
    fd.set('note', 'Ghi tại chỗ (kiểm thử)');
    return c.request('POST', `/inspections/${CODE}/check`, { body: fd });
  };
  const lead = await as('office-vhtt', DEMO_PASSWORD);
  let r = await lead.post(`/inspections/${CODE}/start`, { csrf: await csrfOf(lead, `/inspections/${CODE}`) });
  assert.equal(r.status, 303, 'the office lead starts');
  const items = JSON.parse((await lead.get(`/api/v1/inspections/${CODE}`)).text_).items;
  assert.ok(items.length >= 2, 'the office checklist');
  assert.ok(JSON.parse((await lead.get(`/api/v1/inspections/${CODE}`)).text_).allowed.includes('check'),
    'allowed lists check for the lead');
  r = await check(lead, items[0].item, 'compliant');
  assert.equal(r.status, 303, 'the office lead ticks an item from the page');
  assert.equal(r.headers.get('x-parindex-denied'), null);
  const tok = srv.cli(['token', 'create', 'office-vhtt']).trim().split(/\s+/).pop();
  r = await fetch(`${srv.base}/api/v1/inspections/${CODE}/check`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    body: JSON.stringify({ item: items[1].item, result: 'non_compliant', note: 'Thiếu (kiểm thử)' }),
  });
  assert.ok(r.status < 300, `the office lead ticks an item through the API (${r.status}: ${await r.clone().text()})`);
  const after = JSON.parse(srv.cli(['inspection', 'show', CODE, '--format', 'json']));
  assert.deepEqual(after.items.slice(0, 2).map((i) => i.result), ['compliant', 'non_compliant'], 'both recorded');

  for (const login of ['insp-other', 'rep-p01']) {
    const c = await as(login, PW);
    r = await check(c, items[2] ? items[2].item : items[0].item, 'compliant').catch(() => null);
    if (login === 'rep-p01') {
      // the reporter may see the started inspection, not record its work:
      // the router refuses before any upload is read
      assert.equal(r.status, 403, `${login}: refused`);
      assert.equal(r.headers.get('x-parindex-denied'), 'capability', `${login}: by the router`);
    } else {
      assert.ok(r === null || [403, 404].includes(r.status), `${login}: refused (${r && r.status})`);
      if (r) assert.equal(r.headers.get('x-parindex-denied'), null, `${login}: by the team rule, not the router`);
    }
  }
  const last = JSON.parse(srv.cli(['inspection', 'show', CODE, '--format', 'json']));
  assert.equal(last.items.filter((i) => i.result).length, 2, 'nothing recorded by the others');
});
