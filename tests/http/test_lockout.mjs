// Sign-in throttling cannot lock anyone out from elsewhere (issue 10,
// item 5): refusals count per (address, login) and per address; failures
// for a login from other addresses only slow it down. Behind the trusted
// proxy on loopback, X-Forwarded-For names the client. And logins are
// one normal form everywhere (item 11): `token create RepD06` finds the
// user `user add` stored as repd06.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] }); });
after(async () => { await srv.stop(); });

async function attempt(from, login, password) {
  const c = srv.client();
  c.headers = { 'X-Forwarded-For': from };
  const csrf = await c.csrf();
  return c.post('/login', { login, password, csrf });
}

test('five wrong passwords for admin from A: B still signs in, A is throttled for admin', async () => {
  const A = '198.51.100.1', B = '198.51.100.2';
  for (let i = 0; i < 5; i++)
    assert.equal((await attempt(A, 'admin', 'wrong-' + i)).status, 401);
  assert.equal((await attempt(A, 'admin', 'wrong-again')).status, 429, 'A is throttled for admin');
  assert.equal((await attempt(A, 'admin', DEMO_PASSWORD)).status, 429,
               'even with the right password, from A');
  const b = await attempt(B, 'admin', DEMO_PASSWORD);
  assert.equal(b.status, 303, 'the right password from B is never refused');
  assert.match(b.headers.getSetCookie().join('\n'), /parindex_session=/);
  assert.equal((await attempt(B, 'ADMIN', DEMO_PASSWORD)).status, 303, 'nor in capitals');
  assert.equal((await attempt(A, 'office', DEMO_PASSWORD)).status, 303,
               'A may still sign in as another user');
});

test('twenty failures from one address block that address only', async () => {
  const C = '198.51.100.3';
  for (let i = 0; i < 20; i++)
    assert.equal((await attempt(C, 'nobody' + i, 'wrong')).status, 401);
  assert.equal((await attempt(C, 'leader', DEMO_PASSWORD)).status, 429);
  assert.equal((await attempt('198.51.100.4', 'leader', DEMO_PASSWORD)).status, 303);
});

test('logins are normalised in one place: user add RepD06, token create repD06 and REPD06', async () => {
  srv.cli(['user', 'add', 'RepD06', '--role', 'leader'], 'a-long-password\n');
  for (const spelling of ['repD06', 'REPD06', 'repd06']) {
    const out = srv.cli(['token', 'create', spelling]);
    const token = out.match(/pxt_[A-Za-z0-9_-]{43}/)?.[0];
    assert.ok(token, `token create ${spelling}: ${out}`);
    const r = await fetch(srv.base + '/api/v1/me', { headers: { Authorization: 'Bearer ' + token } });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).login, 'repd06');
  }
  assert.equal((await attempt('198.51.100.5', 'RePd06', 'a-long-password')).status, 303);
});
