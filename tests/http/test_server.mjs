// The server behind a trusted proxy (--trusted-proxy): X-Forwarded-Proto
// makes cookies Secure and adds HSTS, X-Forwarded-For is the client
// address (throttling counts per real client); and a graceful stop:
// SIGTERM lets a request in flight finish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] }); });
after(async () => { await srv.stop(); });

async function login(c, login, password, headers = {}) {
  c.headers = { ...headers };
  const csrf = await c.csrf();
  return c.post('/login', { login, password, csrf });
}

test('behind a TLS proxy the session cookie is Secure and HSTS is sent', async () => {
  const c = srv.client();
  const https = c.base.replace('http:', 'https:');
  const r = await login(c, 'admin', DEMO_PASSWORD, { 'X-Forwarded-Proto': 'https', Origin: https });
  assert.equal(r.status, 303);
  const cookie = r.headers.getSetCookie().find((s) => s.startsWith('parindex_session='));
  assert.match(cookie, /; Secure/);
  assert.match(cookie, /; HttpOnly/);
  assert.match(r.headers.get('strict-transport-security'), /max-age=/);
  const csrf = await c.csrf();
  const bad = await c.post('/logout', { csrf }, { headers: { Origin: c.base } });
  assert.equal(bad.status, 403, 'the same-origin check now expects https://');
  const ok = await c.post('/logout', { csrf });
  assert.equal(ok.status, 303);
});

test('plain http through the proxy: no Secure', async () => {
  const c = srv.client();
  const r = await login(c, 'office', DEMO_PASSWORD, { 'X-Forwarded-Proto': 'http' });
  const cookie = r.headers.getSetCookie().find((s) => s.startsWith('parindex_session='));
  assert.ok(!/; Secure/.test(cookie));
});

test('throttling counts the forwarded client address', async () => {
  const a = srv.client();
  for (let i = 0; i < 20; i++) {
    const r = await login(a, 'nobody' + i, 'wrong', { 'X-Forwarded-For': '10.0.0.1, 203.0.113.7' });
    assert.equal(r.status, 401);
  }
  let r = await login(a, 'leader', DEMO_PASSWORD, { 'X-Forwarded-For': '203.0.113.7' });
  assert.equal(r.status, 429, 'this client is blocked');
  const b = srv.client();
  r = await login(b, 'leader', DEMO_PASSWORD, { 'X-Forwarded-For': '203.0.113.8' });
  assert.equal(r.status, 303, 'another client behind the same proxy is not');
});

test('SIGTERM lets a request in flight finish, then the server exits 0', async () => {
  const c = srv.client();
  const csrf = await c.csrf();
  // a sign-in takes a while (argon2id): stop the server while it runs
  const pending = c.post('/login', { login: 'appraiser', password: DEMO_PASSWORD, csrf });
  await new Promise((r) => setTimeout(r, 30));
  srv.kill('SIGTERM');
  const r = await pending;
  assert.equal(r.status, 303);
  const exit = await srv.stop();
  assert.equal(exit.code, 0, srv.log());
  assert.match(srv.log(), /stopping/);
  assert.match(srv.log(), /stopped/);
  await assert.rejects(fetch(srv.base + '/healthz'));
});
