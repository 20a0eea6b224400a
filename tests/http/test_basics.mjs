// Server basics: health, security headers on every response, the CSP
// nonce, the embedded CSS, 404/405, limits (413, 400), languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'clean exit after SIGTERM\n' + srv.log());
});

function securityHeaders(res) {
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self' 'nonce-[0-9a-f]{32}'/);
  assert.match(csp, /style-src 'self' 'nonce-[0-9a-f]{32}'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
}

test('GET /healthz answers ok', async () => {
  const c = srv.client();
  const r = await c.get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.text_, 'ok\n');
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  securityHeaders(r);
});

test('security headers on pages, errors, redirects and JSON', async () => {
  const c = srv.client();
  for (const p of ['/login', '/no-such-page', '/', '/api/v1/me', '/static/style.css', '/public']) {
    const r = await c.get(p);
    securityHeaders(r);
  }
});

test('the CSP nonce changes and matches any inline <style> or <script>', async () => {
  const c = srv.client();
  const a = await c.get('/login');
  const b = await c.get('/login');
  const nonce = (r) => r.headers.get('content-security-policy').match(/'nonce-([0-9a-f]+)'/)[1];
  assert.notEqual(nonce(a), nonce(b));
  // inline ones only: <script src=...> is from self
  const tags = [...a.text_.matchAll(/<(style|script)\b(?![^>]*\bsrc=)[^>]*>/g)];
  for (const t of tags) assert.ok(t[0].includes(`nonce="${nonce(a)}"`), t[0]);
  assert.ok(!/ style="/.test(a.text_), 'no style attributes (CSP forbids them)');
});

test('the embedded CSS is served with a long cache and an ETag', async () => {
  const c = srv.client();
  const page = await c.get('/login');
  const href = page.text_.match(/href="(\/static\/style\.css\?v=[0-9a-f]+)"/)[1];
  const r = await c.get(href);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.match(r.headers.get('cache-control'), /max-age=31536000/);
  assert.ok(r.text_.length > 1000);
  assert.match(r.text_, /\.flash\.error\{/, 'our own rules (src/web/css) follow simple.css');
  const again = await c.get(href, { headers: { 'If-None-Match': r.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.equal((await c.get('/static/nothing.css')).status, 404);
  const js = page.text_.match(/<script src="(\/static\/app\.js\?v=[0-9a-f]+)" defer>/)[1];
  const j = await c.get(js);
  assert.equal(j.status, 200);
  assert.match(j.headers.get('content-type'), /^text\/javascript/);
});

test('404 and 405, in HTML and JSON', async () => {
  const c = srv.client();
  let r = await c.get('/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.match(r.text_, /Không có trang này/);
  r = await c.get('/api/v1/nothing');
  assert.equal(r.status, 404);
  assert.ok(JSON.parse(r.text_).error);
  r = await c.request('DELETE', '/login');
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow'), /GET/);
  assert.match(r.headers.get('allow'), /POST/);
  r = await c.get('/logout');
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'POST');
});

test('HEAD works like GET without a body', async () => {
  const r = await fetch(srv.base + '/healthz', { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
});

test('a body over the limit is refused with 413', async () => {
  // Content-Length says 40 MiB: refused before the body is read
  const status = await new Promise((resolve, reject) => {
    const url = new URL(srv.base);
    const s = net.connect(Number(url.port), url.hostname, () => {
      s.write('POST /login HTTP/1.1\r\nHost: ' + url.host +
              '\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 41943040\r\n\r\n');
    });
    let data = '';
    s.on('data', (d) => { data += d; const m = data.match(/^HTTP\/1\.1 (\d+)/); if (m) { resolve(Number(m[1])); s.destroy(); } });
    s.on('error', reject);
  });
  assert.equal(status, 413);
});

test('oversized headers are refused and the server goes on', async () => {
  const c = srv.client();
  const r = await c.get('/healthz', { headers: { 'X-Big': 'x'.repeat(100000) } }).catch(() => null);
  if (r) assert.ok(r.status >= 400, 'status ' + r.status);
  assert.equal((await c.get('/healthz')).status, 200);
});

test('malformed parameters are a 400, not a crash', async () => {
  const c = srv.client();
  for (const p of ['/login?a=%zz', '/login?a=%00', '/login?x=%FF', '/units/%00']) {
    const r = await c.get(p);
    assert.equal(r.status, 400, p);
  }
  const csrf = await c.csrf();
  const r = await c.request('POST', '/login', {
    body: 'login=a%GG&csrf=' + csrf,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 400);
  assert.equal((await c.get('/healthz')).status, 200);
});

test('language: Vietnamese by default, English by ?lang=en (remembered), Accept-Language offers English', async () => {
  const c = srv.client();
  let r = await c.get('/login');
  assert.match(r.text_, /<html lang="vi">/);
  assert.match(r.text_, /Đăng nhập/);
  r = await c.get('/login?lang=en');
  assert.match(r.text_, /<html lang="en">/);
  assert.match(r.text_, />Sign in</);
  assert.equal(c.cookies.get('parindex_lang'), 'en');
  r = await c.get('/login');
  assert.match(r.text_, /<html lang="en">/, 'the cookie keeps the choice');
  r = await c.get('/login?lang=vi');
  assert.match(r.text_, /<html lang="vi">/);

  const d = srv.client();
  // a browser preferring English is offered the switch; the page stays Vietnamese
  r = await d.get('/login', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  assert.match(r.text_, /<html lang="vi">/);
  assert.match(r.text_, /class="lang-offer">This page in English</);
  r = await d.get('/api/v1/me', { headers: { 'Accept-Language': 'en' } });
  assert.equal(JSON.parse(r.text_).error, 'Please sign in.');
  r = await d.get('/api/v1/me');
  assert.equal(JSON.parse(r.text_).error, 'Vui lòng đăng nhập.');
});

test('every request is logged with its id, and nothing secret is', async () => {
  const c = srv.client();
  const r = await c.get('/healthz');
  const id = r.headers.get('x-request-id');
  await c.login('admin');
  await new Promise((res) => setTimeout(res, 100));
  const log = srv.log();
  assert.match(log, new RegExp(`${id} GET /healthz 200 [0-9.]+ms`));
  assert.ok(!log.includes('demo-parindex'), 'no password in the log');
  assert.ok(!log.includes(c.cookies.get('parindex_session')), 'no session token in the log');
});
