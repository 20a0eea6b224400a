// SQL injection: hostile text in every query parameter, path parameter
// and form field of every route changes nothing. SQL is always a literal
// with bound values (docs/internals/db.md); this checks it from outside:
// the audit log keeps its length and its chain, the users and units stay
// as they were, no request answers 500, the server stays healthy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, auditCount, ROLES } from './harness.mjs';

const PAYLOADS = [
  "' OR '1'='1",
  "x'; DROP TABLE web_user; --",
  "1; DELETE FROM audit_log",
  '"); UPDATE web_user SET role = \'admin\'; --',
  "' UNION SELECT password_hash, token_hash FROM web_user, web_session --",
  '1 OR 1=1',
  "%' AND 1=0 --",
];
// every parameter name the pages read, and then some
const PARAMS = ['lang', 'page', 'next', 'date', 'group', 'format', 'framework', 'unit', 'code', 'year',
  'version', 'view', 'q', 'done', 'login', 'password', 'name', 'role', 'csrf', 'label', 'id',
  'current_password', 'new_password', 'new_password2'];

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('hostile parameters change nothing', async () => {
  const routes = JSON.parse(srv.cli(['routes', '--format', 'json']));
  const users = srv.cli(['user', 'list', '--format', 'csv']);
  const units = srv.cli(['unit', 'list', '--format', 'csv']);
  const clients = [];
  for (const who of ['anonymous', ...ROLES]) {
    const c = srv.client();
    if (who !== 'anonymous') await c.login(who); // a sign-in is an audit entry
    clients.push([who, c, await c.csrf()]);
  }
  const audit = auditCount(srv);
  const errors = [];
  for (const [who, c, csrf] of clients) {
    for (const r of routes) {
      if (r.path === '/logout' || r.path === '/login') continue; // sign-in is tested below
      // making a token from a free-text label is a write by design: below
      if (r.method === 'POST' && r.path === '/account/tokens') continue;
      for (const p of PAYLOADS) {
        const path = r.path.replace(/\{([^}]+)\}/g, (_, n) =>
          n === 'rest*' ? encodeURIComponent(p) : encodeURIComponent(p));
        const qs = new URLSearchParams(PARAMS.map((k) => [k, p])).toString();
        let res;
        if (r.method === 'GET') {
          res = await c.get(`${path}?${qs}`);
        } else {
          const form = Object.fromEntries(PARAMS.map((k) => [k, p]));
          form.csrf = csrf; // reach the handler
          form.lang = p;
          res = await c.post(path, form);
        }
        if (res.status >= 500) errors.push(`${who} ${r.method} ${path}: ${res.status}`);
      }
    }
  }
  // sign-in with hostile login and password (failures are not audited)
  const c = srv.client();
  for (const p of PAYLOADS) {
    const csrf = await c.csrf();
    const res = await c.post('/login', { login: p, password: p, csrf });
    assert.ok([401, 429].includes(res.status), `login ${p}: ${res.status}`);
  }
  assert.deepEqual(errors, []);
  assert.equal(auditCount(srv), audit, 'the audit log did not grow (and its chain is intact)');
  // a hostile label is kept as text, nothing else changes
  const [, leader, lcsrf] = clients.find(([w]) => w === 'leader');
  for (const p of PAYLOADS) {
    const res = await leader.post('/account/tokens', { csrf: lcsrf, label: p });
    assert.ok(res.status < 500, `token label ${p}: ${res.status}`);
  }
  const mine = await leader.get('/account/tokens');
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  for (const p of PAYLOADS) assert.ok(mine.text_.includes(esc(p)), `the label ${p} is stored as typed`);
  assert.equal(auditCount(srv), audit + PAYLOADS.length, 'one audit entry per token, nothing else');
  assert.equal(srv.cli(['user', 'list', '--format', 'csv']), users);
  assert.equal(srv.cli(['unit', 'list', '--format', 'csv']), units);
  assert.equal((await srv.client().get('/healthz')).status, 200);
  const a = srv.client();
  await a.login('admin');
  assert.equal((await a.get('/api/v1/me')).status, 200);
});
