// Scoped roles (issue 13): a grant (role, unit) covers the unit and its
// subtree. A department's PAR office (the demo's office-vhtt: office over
// Sở Văn hóa và Thể thao, SO-VHTT) works on its own subtree and cannot see
// or change another department's things, by URL or by body: another
// department's assessment, deadline, council members, the city's cycle,
// the city-wide dossier import; every refusal is a 403 or 404 and writes
// nothing. Then the admin gives and revokes grants on the users page:
// audited, the history kept, the last grant and a scoped admin refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, auditCount, DEMO_PASSWORD } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

const FW = 'HN-DEPT-2025';
let srv;
before(async () => {
  srv = await startServer();
  srv.cli(['cycle', 'open', '--framework', FW, '--self-until', '2099-12-31']);
});
after(async () => { await srv.stop(); });

async function signIn(login) {
  const c = srv.client();
  await c.login(login);
  return { c, csrf: await c.csrf() };
}

function token(login) {
  return srv.cli(['token', 'create', login]).trim();
}

async function api(tok, method, p, body) {
  const res = await fetch(srv.base + p, {
    method,
    headers: { Authorization: `Bearer ${tok}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, text: await res.text() };
}

test('a department office sees its own subtree and nothing outside', async () => {
  const { c } = await signIn('office-vhtt');
  for (const p of [`/units/SO-VHTT`, `/units/SO-VHTT.P01`, `/assessments/${FW}/SO-VHTT`]) {
    const r = await c.get(p);
    assert.equal(r.status, 200, p);
  }
  for (const p of [`/units/SO-NV`, `/units/SO-NV.P01`, `/assessments/${FW}/SO-NV`, `/explain/${FW}/SO-NV`,
    `/dossiers/SO-NV`, `/history/${FW}/SO-NV/1`]) {
    const r = await c.get(p);
    assert.ok([403, 404].includes(r.status), `${p} -> ${r.status}`);
    assert.doesNotMatch(r.text_, /Sở Nội vụ/, `${p} shows nothing of the other department`);
  }
  // the city's things: its cycle, live ranking, service quality of all units
  for (const p of [`/cycles/${FW}`, `/api/v1/results/${FW}`, `/charts/ranking/${FW}`, '/dossiers', '/dossiers/import']) {
    const r = await c.get(p);
    assert.equal(r.status, 403, p);
  }
  // the API, with a token
  const tok = token('office-vhtt');
  assert.equal((await api(tok, 'GET', `/api/v1/assessments/${FW}/SO-VHTT`)).status, 200);
  assert.equal((await api(tok, 'GET', `/api/v1/assessments/${FW}/SO-NV`)).status, 404);
  assert.equal((await api(tok, 'GET', `/api/v1/units/SO-NV`)).status, 403);
  const me = JSON.parse((await api(tok, 'GET', '/api/v1/me')).text);
  assert.deepEqual(me.grants, [{ role: 'office', unit: 'SO-VHTT' }]);
  // the city office still sees every department
  const city = await signIn('office');
  assert.equal((await city.c.get(`/assessments/${FW}/SO-NV`)).status, 200);
  assert.equal((await city.c.get(`/cycles/${FW}`)).status, 200);
});

test('a department office changes its own units only, by URL and by body', async () => {
  const { c, csrf } = await signIn('office-vhtt');
  let before = auditCount(srv);
  // another department's deadline and council: 404, nothing written
  let r = await c.post(`/assessments/${FW}/SO-NV/extend`, { csrf, until: '2099-12-31', reason: 'thử' });
  assert.equal(r.status, 404, r.text_.slice(0, 200));
  r = await c.post(`/assessments/${FW}/SO-NV/appraisers`, { csrf, login: 'appraiser' });
  assert.equal(r.status, 404);
  // the city's cycle: 403
  for (const verb of ['advance', 'publish', 'open']) {
    r = await c.post(`/cycles/${FW}/${verb}`, { csrf, from: 'self', self_until: '2099-12-31' });
    assert.equal(r.status, 403, verb);
  }
  // a city-wide import, whatever rows the body names
  const f = new FormData();
  f.append('csrf', csrf);
  f.append('file', new Blob([Buffer.from('dossier_code,unit_code,procedure_code,channel,received_at,due_at,status\n' +
    'G1,SO-NV,P1,direct,2025-03-10T08:00,2025-03-20,processing\n')]), 'd.csv');
  r = await c.request('POST', '/dossiers/import', { body: f });
  assert.equal(r.status, 403);
  const tok = token('office-vhtt');
  before = auditCount(srv);
  r = await api(tok, 'POST', `/api/v1/frameworks/${FW}/publish`);
  assert.equal(r.status, 403);
  assert.equal(auditCount(srv), before, 'nothing written by any refusal');
  // its own department in the city's framework: the city office's
  // (app_may_manage_framework; a department does not extend its own
  // deadline or choose its own appraisers), 403 and nothing written. Its
  // own framework's assessments it manages: test_framework_owner.mjs.
  r = await c.post(`/assessments/${FW}/SO-VHTT/extend`, { csrf, until: '2099-12-31', reason: 'Sở xin gia hạn' });
  assert.equal(r.status, 403);
  assert.match(r.text_, /của thành phố/);
  r = await c.post(`/assessments/${FW}/SO-VHTT/appraisers`, { csrf, login: 'appraiser' });
  assert.equal(r.status, 403);
  assert.equal(auditCount(srv), before);
  // the notices: its units, never the city's counts
  // (the counts of the frameworks it manages, its own, may be there)
  const notices = JSON.parse((await api(tok, 'GET', '/api/v1/notices')).text).filter((n) => n.framework === FW);
  assert.ok(!JSON.stringify(notices).includes('units have not submitted'), JSON.stringify(notices).slice(0, 300));
});

test('a reporter of a department reports for it, not for another one', async () => {
  srv.cli(['user', 'add', 'rep-vhtt', '--role', 'reporter', '--unit', 'SO-VHTT'], DEMO_PASSWORD + '\n');
  const tok = token('rep-vhtt');
  const before = auditCount(srv);
  let r = await api(tok, 'POST', `/api/v1/assessments/${FW}/SO-NV/scores`, { criterion: '1.1', self: 1 });
  assert.equal(r.status, 404, r.text);
  r = await api(tok, 'POST', `/api/v1/assessments/${FW}/SO-NV/submit`);
  assert.equal(r.status, 404, r.text);
  assert.equal(auditCount(srv), before);
  const tree = JSON.parse((await api(tok, 'GET', `/api/v1/assessments/${FW}/SO-VHTT`)).text);
  assert.ok(tree.allowed.includes('self-assess'), JSON.stringify(tree.allowed));
});

test('the admin gives and revokes grants on the users page; history and audit kept', async () => {
  const { c, csrf } = await signIn('admin');
  const rep = await signIn('reporter'); // reporter of SO-NV
  assert.equal((await rep.c.get('/units/SO-VHTT.P01')).status, 403);
  let before = auditCount(srv);
  let r = await c.post('/admin/grants', { csrf, login: 'reporter', role: 'reporter', unit: 'SO-VHTT.P01' });
  assert.equal(r.status, 303);
  assert.equal(auditCount(srv), before + 1);
  // the grant acts at once, on the next request of the open session
  assert.equal((await rep.c.get('/units/SO-VHTT.P01')).status, 200);
  assert.equal((await rep.c.get('/units/SO-NV')).status, 200, 'the first grant still holds');
  assert.equal((await rep.c.get('/units/SO-VHTT')).status, 403, 'a division\'s grant does not reach its parent');
  const page = await c.get('/admin/users');
  assert.match(page.text_, /action="\/admin\/users\/reporter\/grants\/revoke"/);
  assert.match(page.text_, /SO-VHTT\.P01/);
  // the same grant twice, an unknown unit, a scoped admin: refused, the typed values kept
  for (const [form, msg] of [
    [{ login: 'reporter', role: 'reporter', unit: 'SO-VHTT.P01' }, /đã có quyền/],
    [{ login: 'reporter', role: 'reporter', unit: 'NO-SUCH' }, /không có đơn vị/],
    [{ login: 'reporter', role: 'admin', unit: 'SO-VHTT' }, /chỉ cấp cho toàn thành phố/],
  ]) {
    before = auditCount(srv);
    r = await c.post('/admin/grants', { csrf, ...form });
    assert.equal(r.status, 400, JSON.stringify(form));
    assert.match(r.text_, msg);
    assert.match(r.text_, new RegExp(`id="g-unit" name="unit" maxlength="64" value="${form.unit}"`));
    assert.equal(auditCount(srv), before);
  }
  r = await c.post('/admin/grants', { csrf, login: 'nobody', role: 'leader', unit: '' });
  assert.equal(r.status, 404);
  // revoke: the reporter loses the division at once; the history keeps the grant
  before = auditCount(srv);
  r = await c.post('/admin/users/reporter/grants/revoke', { csrf, role: 'reporter', unit: 'SO-VHTT.P01' });
  assert.equal(r.status, 303);
  assert.equal(auditCount(srv), before + 1);
  assert.equal((await rep.c.get('/units/SO-VHTT.P01')).status, 403);
  const all = JSON.parse(srv.cli(['user', 'grants', 'reporter', '--all', '--format', 'json']));
  const gone = all.find((g) => g.unit === 'SO-VHTT.P01');
  assert.ok(gone && gone.revoked_at && gone.revoked_by === 'admin', JSON.stringify(all));
  const active = JSON.parse(srv.cli(['user', 'grants', 'reporter', '--format', 'json']));
  assert.deepEqual(active.map((g) => [g.role, g.unit]), [['reporter', 'SO-NV']]);
  // the last grant is not revoked (disable the user instead): no button, and a forged request refused
  assert.doesNotMatch((await c.get('/admin/users')).text_, /action="\/admin\/users\/reporter\/grants\/revoke"/);
  r = await c.post('/admin/users/reporter/grants/revoke', { csrf, role: 'reporter', unit: 'SO-NV' });
  assert.equal(r.status, 400);
  assert.match(r.text_, /quyền cuối cùng/);
  assert.equal((await rep.c.get('/units/SO-NV')).status, 200);
  // a grant that is not held
  r = await c.post('/admin/users/reporter/grants/revoke', { csrf, role: 'leader', unit: '' });
  assert.equal(r.status, 404);
  // the log names each change
  const audit = await c.get('/admin/audit');
  assert.match(audit.text_, /revoke/);
  assert.match(audit.text_, /grant/);
});
