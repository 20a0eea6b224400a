// API tokens on the web (issue 11): a signed-in user creates, sees once,
// uses and revokes their own token; nobody else can revoke it (404, as if
// it did not exist); a token cannot make tokens; the admin creates one
// for a user. The same app functions as `parindex token create/revoke`,
// audited the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, auditCount, DEMO_PASSWORD } from './harness.mjs';
import { flashOf } from './flash.mjs';

const secretOf = (html) => (html.match(/<code id="token-secret">(pxt_[A-Za-z0-9_-]{43})<\/code>/) || [])[1];

test('tokens are made and revoked on the web, shown once', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const me = async (token) => (await fetch(srv.base + '/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })).status;
  const rep = srv.client();
  await rep.login('reporter', DEMO_PASSWORD);
  const csrf = await rep.csrf();
  let page = await rep.get('/account');
  assert.match(page.text_, /href="\/account\/tokens"/, 'the account page leads to the tokens');
  page = await rep.get('/account/tokens');
  assert.equal(page.status, 200);
  assert.match(page.text_, /Bạn chưa có mã API nào/);

  let before = auditCount(srv);
  let res = await rep.post('/account/tokens', { csrf, label: '' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /tối đa 200 ký tự/);
  assert.equal(auditCount(srv), before, 'a refusal writes nothing');
  res = await rep.post('/account/tokens', { csrf, label: 'Bảng tính <Excel>' });
  assert.equal(res.status, 200, 'the answer itself shows the token (no redirect)');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const secret = secretOf(res.text_);
  assert.ok(secret, 'the secret is on the page');
  assert.match(res.text_, /chỉ hiện lần này/);
  assert.equal(auditCount(srv), before + 1, 'audited');
  assert.equal(await me(secret), 200, 'the token works');
  page = await rep.get('/account/tokens');
  assert.ok(!page.text_.includes(secret), 'never shown again');
  assert.match(page.text_, /Bảng tính &lt;Excel&gt;/);
  const id = page.text_.match(/action="\/account\/tokens\/(\d+)\/revoke"/)[1];

  // with a token one cannot make tokens
  res = await fetch(srv.base + '/account/tokens', { method: 'POST', redirect: 'manual',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'label=more' });
  assert.equal(res.status, 403);

  // another user cannot revoke it, and does not see it
  const office = srv.client();
  await office.login('office', DEMO_PASSWORD);
  const ocsrf = await office.csrf();
  before = auditCount(srv);
  res = await office.post(`/account/tokens/${id}/revoke`, { csrf: ocsrf });
  assert.equal(res.status, 404);
  assert.equal(await me(secret), 200, 'still valid');
  assert.equal(auditCount(srv), before);
  page = await office.get('/account/tokens');
  assert.doesNotMatch(page.text_, /Bảng tính/);

  // its owner revokes it
  res = await rep.post(`/account/tokens/${id}/revoke`, { csrf });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account/tokens');
  page = await rep.get('/account/tokens');
  assert.deepEqual(flashOf(page.text_), { kind: 'ok', text: 'Đã thu hồi mã API.' });
  assert.equal(await me(secret), 401, 'revoked');
  assert.equal(auditCount(srv), before + 1);
  res = await rep.post(`/account/tokens/${id}/revoke`, { csrf });
  assert.equal(res.status, 404, 'a revoked token cannot be revoked again');

  // the admin makes one for a user
  const admin = srv.client();
  await admin.login('admin', DEMO_PASSWORD);
  const acsrf = await admin.csrf();
  page = await admin.get('/admin/users');
  assert.match(page.text_, /action="\/admin\/tokens"/);
  res = await admin.post('/admin/tokens', { csrf: acsrf, login: 'Reporter', label: 'nhập dữ liệu' });
  assert.equal(res.status, 200);
  const s2 = secretOf(res.text_);
  assert.ok(s2);
  const who = await (await fetch(srv.base + '/api/v1/me', { headers: { Authorization: `Bearer ${s2}` } })).json();
  assert.equal(who.login, 'reporter', 'made for that user');
  res = await admin.post('/admin/tokens', { csrf: acsrf, login: 'nobody-here', label: 'x' });
  assert.equal(res.status, 404);
});
