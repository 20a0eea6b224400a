// CSRF: every POST needs the form field csrf (or X-CSRF-Token) of the
// session (or, signed out, of the sign-in form's cookie) and, when the
// browser says where it comes from, the same origin. A refused request
// changes nothing: no audit entry, no user created.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, auditCount } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

function users() { return srv.cli(['user', 'list', '--format', 'csv']); }

test('POSTs without a token, with a wrong one, or cross-origin are refused and change nothing', async () => {
  const admin = srv.client();
  await admin.login('admin');
  const csrf = await admin.csrf();
  const other = srv.client();
  await other.login('office');
  const othersCsrf = await other.csrf();
  const before = auditCount(srv);
  const list = users();
  const form = { login: 'forged', name: 'F', role: 'leader', password: 'forged-password' };
  const cases = [
    ['no token', { ...form }, {}],
    ['an empty token', { ...form, csrf: '' }, {}],
    ['a wrong token', { ...form, csrf: 'x'.repeat(43) }, {}],
    ["another session's token", { ...form, csrf: othersCsrf }, {}],
    ['a cross-origin Origin', { ...form, csrf }, { headers: { Origin: 'http://evil.example' } }],
    ['a look-alike Origin', { ...form, csrf }, { headers: { Origin: admin.base + '.evil.example' } }],
    ['a null Origin', { ...form, csrf }, { headers: { Origin: 'null' } }],
    ['a cross-origin Referer', { ...form, csrf }, { origin: false, headers: { Referer: 'http://evil.example/x' } }],
  ];
  for (const [what, f, opts] of cases) {
    const r = await admin.post('/admin/users', f, opts);
    assert.equal(r.status, 403, what);
    assert.equal(r.headers.get('x-parindex-denied'), 'csrf', what);
    assert.match(r.text_, /không đến từ trang web này/, what);
  }
  // the API answers JSON
  const r = await admin.request('POST', '/admin/tokens/1/revoke', { headers: { Accept: 'application/json' } });
  assert.equal(r.status, 403);
  assert.equal(auditCount(srv), before, 'no audit entry');
  assert.equal(users(), list, 'no user added');
  // the same form with the right token works, as a field or a header
  let ok = await admin.post('/admin/users', { ...form, csrf });
  assert.equal(ok.status, 303);
  ok = await admin.post('/admin/users', { ...form, login: 'forged2' }, { headers: { 'X-CSRF-Token': csrf } });
  assert.equal(ok.status, 303);
  assert.equal(auditCount(srv), before + 2);
});

test('signed out: the sign-in form needs its own cookie token', async () => {
  const c = srv.client();
  let r = await c.post('/login', { login: 'admin', password: 'demo-parindex' });
  assert.equal(r.status, 403);
  const csrf = await c.csrf();
  const d = srv.client(); // a token without the matching cookie
  r = await d.post('/login', { login: 'admin', password: 'demo-parindex', csrf });
  assert.equal(r.status, 403);
  r = await c.post('/login', { login: 'admin', password: 'demo-parindex', csrf },
                   { headers: { Origin: 'http://evil.example' } });
  assert.equal(r.status, 403);
  r = await c.post('/login', { login: 'admin', password: 'demo-parindex', csrf });
  assert.equal(r.status, 303);
});

test('POST /logout is CSRF-protected too', async () => {
  const c = srv.client();
  await c.login('leader');
  let r = await c.post('/logout', {});
  assert.equal(r.status, 403);
  assert.equal((await c.get('/api/v1/me')).status, 200, 'still signed in');
});
