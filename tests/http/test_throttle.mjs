// Login throttling: LOGIN_MAX_FAILURES_LOGIN (5) failures per (client
// address, login) and LOGIN_MAX_FAILURES_ADDR (20) per client address in
// 15 minutes; then even the right password is refused (429) from that
// address until the window passes. Other addresses: test_lockout.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

async function attempt(c, login, password) {
  const csrf = await c.csrf();
  return c.post('/login', { login, password, csrf });
}

test('five failures for one login, then the right password is refused too', async () => {
  const c = srv.client();
  for (let i = 0; i < 5; i++) assert.equal((await attempt(c, 'leader', 'wrong-' + i)).status, 401);
  let r = await attempt(c, 'leader', DEMO_PASSWORD);
  assert.equal(r.status, 429);
  assert.ok(!c.cookies.has('parindex_session'));
  assert.match(r.text_, /Đăng nhập sai quá nhiều lần/);
  r = await attempt(c, 'LEADER', DEMO_PASSWORD);
  assert.equal(r.status, 429, 'the login is compared case-insensitively');
  // another login from the same address still works
  const d = srv.client();
  assert.equal((await attempt(d, 'office', DEMO_PASSWORD)).status, 303);
});

test('a success clears the login counter', async () => {
  const c = srv.client();
  for (let i = 0; i < 4; i++) assert.equal((await attempt(c, 'appraiser', 'wrong')).status, 401);
  assert.equal((await attempt(c, 'appraiser', DEMO_PASSWORD)).status, 303);
  const d = srv.client();
  for (let i = 0; i < 4; i++) assert.equal((await attempt(d, 'appraiser', 'wrong')).status, 401);
  assert.equal((await attempt(d, 'appraiser', DEMO_PASSWORD)).status, 303);
});

test('twenty failures from one address block every login from it', async () => {
  const c = srv.client();
  let n = 0;
  // 5 (leader) + 8 (appraiser) failures are already counted for 127.0.0.1
  for (let i = 0; n < 20; i++) {
    const r = await attempt(c, 'nobody' + i, 'wrong');
    if (r.status === 429) break;
    assert.equal(r.status, 401);
    n++;
  }
  const r = await attempt(c, 'inspector', DEMO_PASSWORD);
  assert.equal(r.status, 429);
  assert.equal((await c.get('/healthz')).status, 200);
});
