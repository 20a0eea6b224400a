// Several application servers on one database (issue 18): nothing a
// server keeps for itself may make it disagree with another. Two `serve`
// processes on the same database (a SQLite file here, one PostgreSQL
// database in pg.http.test_servers): a publication made through A is
// served by B on its next request, also where B had cached the page; a
// session opened on A works on B, and signing out on B ends it on A; a
// login throttled on A is throttled on B.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

let A, B, token;
before(async () => {
  A = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
  B = await startServer({ args: ['--trusted-proxy', '127.0.0.1'], shareWith: A });
  token = A.cli(['token', 'create', 'office', '--label', 'servers']).match(/[A-Za-z0-9_-]{32,}/)[0];
});
after(async () => { await B.stop(); await A.stop(); });

const FW = 'VN-PROVINCE-2022'; // the demo's one framework not yet published

test('a publication through A is served by B on its next request', async () => {
  const publicUrl = `/api/v1/public/results/${FW}`;
  // B answers (and may cache) before the publication
  const before1 = await fetch(B.base + publicUrl);
  assert.equal(before1.status, 404, 'nothing published yet');
  const pageBefore = await (await fetch(B.base + '/public')).text();
  const r = await fetch(A.base + `/api/v1/frameworks/${FW}/publish`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(r.status, 201, await r.text());
  const after1 = await fetch(B.base + publicUrl);
  assert.equal(after1.status, 200, 'B serves the publication A made');
  const pub = await after1.json();
  assert.equal(pub.version, 1);
  // and A's copy is the same
  const onA = await (await fetch(A.base + publicUrl)).json();
  assert.deepEqual(onA.results, pub.results);
  const pageAfter = await (await fetch(B.base + '/public')).text();
  assert.notEqual(pageAfter, pageBefore, "B's public page changed with the publication");
});

test('a session opened on A works on B; signing out on B ends it on A', async () => {
  const a = A.client();
  await a.login('leader');
  const b = B.client();
  b.cookies = new Map(a.cookies);
  const onB = await b.get('/account');
  assert.equal(onB.status, 200, 'the session from A is valid on B');
  assert.match(onB.text_, /leader/);
  const csrf = (onB.text_.match(/name="csrf" value="([^"]+)"/) || [])[1];
  assert.ok(csrf, 'a CSRF token on B');
  const out = await b.post('/logout', { csrf });
  assert.equal(out.status, 303, out.text_.slice(0, 200));
  const again = await a.get('/account');
  assert.notEqual(again.status, 200, 'signed out on B: the session is gone on A too');
});

test('a login throttled on A is throttled on B', async () => {
  const from = '198.51.100.77';
  const attempt = async (srv, password) => {
    const c = srv.client();
    c.headers = { 'X-Forwarded-For': from };
    const csrf = await c.csrf();
    return c.post('/login', { login: 'admin', password, csrf });
  };
  for (let i = 0; i < 5; i++)
    assert.equal((await attempt(i % 2 ? B : A, 'wrong-' + i)).status, 401);
  assert.equal((await attempt(A, DEMO_PASSWORD)).status, 429, 'throttled on A');
  assert.equal((await attempt(B, DEMO_PASSWORD)).status, 429, 'and on B, which saw only two of the failures');
});
