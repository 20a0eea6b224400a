// Sign-in, sign-out, password change, API bearer tokens, disabled users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, auditCount, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('GET /login shows the form with a CSRF field', async () => {
  const c = srv.client();
  const r = await c.get('/login');
  assert.equal(r.status, 200);
  assert.match(r.text_, /<form method="post" action="\/login">/);
  assert.match(r.text_, /name="login"/);
  assert.match(r.text_, /name="password" type="password"/);
  assert.match(r.text_, /name="csrf" value="[A-Za-z0-9_-]{43}"/);
});

test('POST /login: 303, a session cookie HttpOnly and SameSite=Strict, audited', async () => {
  const before = auditCount(srv);
  const c = srv.client();
  const csrf = await c.csrf();
  const r = await c.post('/login', { login: 'admin', password: DEMO_PASSWORD, csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const cookie = r.headers.getSetCookie().find((s) => s.startsWith('parindex_session='));
  assert.ok(cookie, 'session cookie');
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Strict/);
  assert.match(cookie, /; Path=\//);
  assert.ok(!/; Secure/.test(cookie), 'no Secure over plain http without a trusted proxy');
  const me = JSON.parse((await c.get('/api/v1/me')).text_);
  assert.equal(me.login, 'admin');
  assert.equal(me.role, 'admin');
  assert.equal(auditCount(srv), before + 1);
});

test('POST /login with ?next goes back there, never to another site', async () => {
  const c = srv.client();
  let csrf = await c.csrf();
  let r = await c.post('/login', { login: 'leader', password: DEMO_PASSWORD, csrf, next: '/frameworks' });
  assert.equal(r.headers.get('location'), '/frameworks');
  const d = srv.client();
  csrf = await d.csrf();
  r = await d.post('/login', { login: 'reporter', password: DEMO_PASSWORD, csrf, next: '//evil.example/' });
  assert.ok(['/', '/units/SO-NV'].includes(r.headers.get('location')),
            'no open redirect: the dashboard, or the unit when the role may not see it');
});

test('a failed sign-in: no session cookie, the login kept, a message in vi and en', async () => {
  const before = auditCount(srv);
  const c = srv.client();
  let csrf = await c.csrf();
  let r = await c.post('/login', { login: 'office', password: 'wrong-password', csrf });
  assert.equal(r.status, 401);
  assert.ok(!r.headers.getSetCookie().some((s) => s.startsWith('parindex_session=')));
  assert.match(r.text_, /value="office"/);
  assert.match(r.text_, /Sai tên đăng nhập hoặc mật khẩu\./);
  csrf = await c.csrf();
  r = await c.post('/login?lang=en', { login: 'office', password: 'wrong-password', csrf });
  assert.equal(r.status, 401);
  assert.match(r.text_, /Wrong login or password\./);
  r = await c.post('/login?lang=en', { login: 'nobody-at-all', password: 'whatever1', csrf });
  assert.equal(r.status, 401, 'an unknown login answers the same');
  assert.match(r.text_, /Wrong login or password\./);
  assert.equal(auditCount(srv), before, 'failed sign-ins are not audit entries');
});

test('POST /logout ends the session on the server', async () => {
  const c = srv.client();
  await c.login('office');
  const token = c.cookies.get('parindex_session');
  const csrf = await c.csrf();
  const r = await c.post('/logout', { csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  assert.ok(!c.cookies.has('parindex_session'));
  // replaying the old cookie does not work
  const d = srv.client();
  d.cookies.set('parindex_session', token);
  const me = await d.get('/api/v1/me');
  assert.equal(me.status, 401);
});

test('password change: wrong current refused; new one works; other sessions end', async () => {
  srv.cli(['user', 'add', 'pwuser', '--role', 'leader', '--name', 'Pw User'], 'first-password\n');
  const a = srv.client();
  const b = srv.client();
  await a.login('pwuser', 'first-password');
  await b.login('pwuser', 'first-password');
  let csrf = await a.csrf();
  let r = await a.post('/account/password', {
    csrf, current_password: 'not-it', new_password: 'second-password', new_password2: 'second-password',
  });
  assert.equal(r.status, 400);
  assert.match(r.text_, /Mật khẩu hiện tại không đúng/);
  r = await a.post('/account/password', {
    csrf, current_password: 'first-password', new_password: 'short', new_password2: 'short',
  });
  assert.equal(r.status, 400);
  r = await a.post('/account/password', {
    csrf, current_password: 'first-password', new_password: 'second-password', new_password2: 'other-password',
  });
  assert.equal(r.status, 400);
  r = await a.post('/account/password', {
    csrf, current_password: 'first-password', new_password: 'second-password', new_password2: 'second-password',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account?done=password');
  assert.equal((await a.get('/api/v1/me')).status, 200, 'this session stays');
  assert.equal((await b.get('/api/v1/me')).status, 401, 'the other session ended');
  const c = srv.client();
  csrf = await c.csrf();
  r = await c.post('/login', { login: 'pwuser', password: 'first-password', csrf });
  assert.equal(r.status, 401);
  await c.login('pwuser', 'second-password');
});

test('API bearer tokens: /api/v1/me, no CSRF needed, revocation', async () => {
  const token = srv.cli(['token', 'create', 'leader', '--label', 'test']).trim();
  assert.match(token, /^pxt_[A-Za-z0-9_-]{43}$/);
  const c = srv.client();
  c.headers.Authorization = 'Bearer ' + token;
  let r = await c.get('/api/v1/me');
  assert.equal(r.status, 200);
  const me = JSON.parse(r.text_);
  assert.equal(me.login, 'leader');
  assert.equal(me.via_token, true);
  assert.equal(me.csrf, undefined, 'no CSRF token for bearer clients');
  // the token reaches what the role may read
  r = await c.get('/api/v1/frameworks');
  assert.equal(r.status, 200, r.text_);
  assert.ok(JSON.parse(r.text_).some((f) => f.code === 'HN-DEPT-2021'), 'the demo frameworks are listed');
  // a token needs no CSRF token or Origin on a POST: an office token
  // publishing an unknown framework gets the use case's 404, not a 403
  const office = srv.cli(['token', 'create', 'office', '--label', 'post']).trim();
  r = await fetch(srv.base + '/api/v1/frameworks/NO-SUCH-2025/publish', {
    method: 'POST', headers: { Authorization: 'Bearer ' + office },
  });
  assert.equal(r.status, 404, 'an unknown framework, past the CSRF check');
  // the token list shows it; the token itself is never stored or shown
  const list = srv.cli(['user', 'list']);
  assert.ok(!list.includes(token));
  // revoke through the admin page
  const admin = srv.client();
  await admin.login('admin');
  const page = await admin.get('/admin/users');
  assert.ok(!page.text_.includes(token));
  const id = [...page.text_.matchAll(/action="\/admin\/tokens\/(\d+)\/revoke"/g)].map((m) => m[1]).pop();
  assert.ok(id, 'a revoke button for the token');
  const csrf = await admin.csrf();
  r = await admin.post(`/admin/tokens/${id}/revoke`, { csrf });
  assert.equal(r.status, 303);
  r = await c.get('/api/v1/me');
  assert.equal(r.status, 401);
  assert.ok(JSON.parse(r.text_).error);
  // a made-up token
  const d = srv.client();
  d.headers.Authorization = 'Bearer pxt_' + 'A'.repeat(43);
  assert.equal((await d.get('/api/v1/me')).status, 401);
  d.headers.Authorization = 'Bearer nonsense';
  assert.equal((await d.get('/api/v1/me')).status, 401);
  r = await d.get('/public');
  assert.equal(r.status, 401, 'a bad token is refused even where none is needed');
  assert.equal(r.headers.get('www-authenticate'), 'Bearer');
});

test('token revoke on the command line', async () => {
  const token = srv.cli(['token', 'create', 'office']).trim();
  const c = srv.client();
  c.headers.Authorization = 'Bearer ' + token;
  assert.equal((await c.get('/api/v1/me')).status, 200);
  const page = await (async () => { const a = srv.client(); await a.login('admin'); return a.get('/admin/users'); })();
  const id = [...page.text_.matchAll(/action="\/admin\/tokens\/(\d+)\/revoke"/g)].map((m) => m[1])[0];
  srv.cli(['token', 'revoke', id]);
  assert.equal((await c.get('/api/v1/me')).status, 401);
});

test('an admin adds and disables a user; the disabled user is signed out', async () => {
  const admin = srv.client();
  await admin.login('admin');
  let csrf = await admin.csrf();
  let r = await admin.post('/admin/users', {
    csrf, login: 'newrep', name: 'Người mới', role: 'reporter', unit: 'SO-NV', password: 'new-password-1',
  });
  assert.equal(r.status, 303);
  // a reporter without a unit is refused, with the typed values kept
  r = await admin.post('/admin/users', {
    csrf, login: 'nounit', name: 'No Unit', role: 'reporter', unit: '', password: 'new-password-1',
  });
  assert.equal(r.status, 400);
  assert.match(r.text_, /value="nounit"/);
  assert.match(r.text_, /cần một đơn vị/);
  const u = srv.client();
  await u.login('newrep', 'new-password-1');
  assert.equal((await u.get('/api/v1/me')).status, 200);
  csrf = await admin.csrf();
  r = await admin.post('/admin/users/newrep/disable', { csrf });
  assert.equal(r.status, 303);
  assert.equal((await u.get('/api/v1/me')).status, 401);
  const v = srv.client();
  csrf = await v.csrf();
  r = await v.post('/login', { login: 'newrep', password: 'new-password-1', csrf });
  assert.equal(r.status, 401);
  // not oneself
  csrf = await admin.csrf();
  r = await admin.post('/admin/users/admin/disable', { csrf });
  assert.equal(r.status, 400);
});

test('user add on the command line refuses bad input', () => {
  const bad = (args, input = 'long-enough-1\n') => {
    try { srv.cli(args, input); return 0; } catch (e) { return e.status; }
  };
  assert.equal(bad(['user', 'add', 'x1', '--role', 'reporter']), 3, 'reporter without a unit');
  assert.equal(bad(['user', 'add', 'x2', '--role', 'reporter', '--unit', 'NO-SUCH']), 3, 'unknown unit');
  assert.equal(bad(['user', 'add', 'x3', '--role', 'leader'], 'short\n'), 3, 'weak password');
  assert.equal(bad(['user', 'add', 'x4', '--role', 'king']), 3, 'unknown role');
  assert.equal(bad(['user', 'add', 'admin', '--role', 'leader']), 3, 'login taken');
  assert.equal(bad(['user', 'add', 'x5', '--role', 'leader']), 0);
});

test('the audit page shows the chain check and the entries', async () => {
  const admin = srv.client();
  await admin.login('admin');
  const r = await admin.get('/admin/audit');
  assert.equal(r.status, 200);
  assert.match(r.text_, /Chuỗi băm toàn vẹn/);
  // the action and its object in words (web/page_admin.c), not codes
  assert.match(r.text_, /<td>Đăng nhập<\/td><td>phiên đăng nhập <small>admin<\/small><\/td>/);
  const p2 = await admin.get('/admin/audit?page=2');
  assert.equal(p2.status, 200);
  assert.equal((await admin.get('/admin/audit?page=0')).status, 400);
  assert.equal((await admin.get('/admin/audit?page=x')).status, 400);
});

test('POST /lang stores the choice in a cookie and in the account', async () => {
  const c = srv.client();
  await c.login('appraiser');
  let csrf = await c.csrf();
  let r = await c.post('/lang', { csrf, lang: 'en', next: '/account' });
  assert.equal(r.status, 303);
  assert.equal(c.cookies.get('parindex_lang'), 'en');
  c.cookies.delete('parindex_lang');
  r = await c.get('/account');
  assert.match(r.text_, /<html lang="en">/, 'the preference is stored with the user');
  csrf = await c.csrf();
  r = await c.post('/lang', { csrf, lang: 'fr' });
  assert.equal(r.status, 400);
});
