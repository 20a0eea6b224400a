// Request bodies are read only after routing, authentication and the
// capability check, and only up to the route's limit (64 KiB for forms
// and JSON, the upload limit for upload routes): anonymous clients that
// announce huge bodies cannot grow the server (issue 10, item 4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { startServer } from './harness.mjs';

let srv;
before(async () => {
  srv = await startServer();
  // the server's start-up metric refresh (web/daily.c) allocates on its
  // own thread: let it finish before any memory is measured
  for (let i = 0; i < 200 && !/daily refresh/.test(srv.log()); i++)
    await new Promise((r) => setTimeout(r, 100));
});
after(async () => { await srv.stop(); });

function rssKiB(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]);
}

// Opens a connection, sends the head, then the body slowly (chunk every
// few ms) until `limit` bytes are sent or the server answers or closes.
// Resolves {status, closed, sent} once the connection has ended or the
// sending has stopped and `hold` ms passed; the socket is then destroyed
// by the caller (done()).
function slowPost(path, announced, { limit, chunk = 64 << 10, every = 10, headers = '' }) {
  const url = new URL(srv.base);
  return new Promise((resolve) => {
    const s = net.connect(Number(url.port), url.hostname);
    let data = '', sent = 0, closed = false, timer = null, settled = false;
    const result = () => {
      const m = data.match(/^HTTP\/1\.1 (\d+)/);
      return { status: m ? Number(m[1]) : null, closed, sent, done: () => s.destroy() };
    };
    const settle = () => { if (!settled) { settled = true; clearInterval(timer); resolve(result()); } };
    s.on('data', (d) => { data += d; if (/^HTTP\/1\.1 \d+/.test(data)) settle(); });
    s.on('error', () => { closed = true; settle(); });
    s.on('close', () => { closed = true; settle(); });
    s.on('connect', () => {
      s.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\n` +
              `Content-Type: application/x-www-form-urlencoded\r\n${headers}` +
              `Content-Length: ${announced}\r\n\r\n`);
      const buf = Buffer.alloc(chunk, 'a');
      timer = setInterval(() => {
        if (sent >= limit) { clearInterval(timer); setTimeout(settle, 300); return; }
        if (!s.destroyed) { s.write(buf); sent += chunk; }
      }, every);
    });
  });
}

test('twenty slow anonymous 30 MiB sign-in bodies: 413 or closed, RSS stays flat', async () => {
  assert.equal((await fetch(srv.base + '/login')).status, 200);
  const before = rssKiB(srv.pid);
  const conns = await Promise.all(Array.from({ length: 20 }, () =>
    slowPost('/login', 30 << 20, { limit: 4 << 20 })));
  const during = rssKiB(srv.pid);
  for (const c of conns) c.done();
  for (const c of conns)
    assert.ok(c.status === 413 || (c.closed && c.status === null),
              `answer ${c.status}, closed ${c.closed}, sent ${c.sent}`);
  assert.ok(conns.every((c) => c.status === 413), 'each is told 413 before its body is read');
  const grewMB = (during - before) / 1024;
  assert.ok(grewMB < 20, `the server grew by ${grewMB.toFixed(1)} MB`);
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});

test('a sign-in form over 64 KiB is 413; under it is read', async () => {
  const c = srv.client();
  const csrf = await c.csrf();
  let r = await c.post('/login', { login: 'x', password: 'y'.repeat(70 << 10), csrf });
  assert.equal(r.status, 413);
  r = await c.post('/login', { login: 'nobody-limits', password: 'y'.repeat(60 << 10), csrf });
  assert.equal(r.status, 401, 'a 60 KiB form is read and answered by the handler');
});

test('an upload route refuses anonymous clients before reading the body', async () => {
  // the capability check comes first: a redirect to /login, no 413 and
  // no body kept, although the upload limit is 32 MiB for the office
  const r = await slowPost('/dossiers/import', 20 << 20, { limit: 1 << 20 });
  r.done();
  assert.equal(r.status, 303);
});

test('an upload route takes more than 64 KiB from a user allowed to upload', async () => {
  const c = srv.client();
  await c.login('office');
  const csrf = await c.csrf();
  const rows = ['unit_code,procedure_code,dossier_code,received_at,due_at,finished_at,status'];
  const form = new FormData();
  form.set('csrf', csrf);
  form.set('file', new Blob(['x'.repeat(100 << 10) + '\n' + rows.join('\n')]), 'big.csv');
  const res = await fetch(srv.base + '/dossiers/import', {
    method: 'POST', body: form, redirect: 'manual',
    headers: { Cookie: c.cookieHeader(), Origin: srv.base },
  });
  assert.notEqual(res.status, 413, 'the upload limit applies, not the form limit');
  assert.ok(res.status < 500, 'status ' + res.status);
  // the same body from a reader (no upload right): refused by capability
  const d = srv.client();
  await d.login('leader');
  const res2 = await fetch(srv.base + '/dossiers/import', {
    method: 'POST', body: form, redirect: 'manual',
    headers: { Cookie: d.cookieHeader(), Origin: srv.base },
  });
  assert.equal(res2.status, 403);
});

test('a streamed (chunked) body that passes the limit is cut off', async () => {
  const url = new URL(srv.base);
  const outcome = await new Promise((resolve) => {
    const s = net.connect(Number(url.port), url.hostname, () => {
      s.write(`POST /login HTTP/1.1\r\nHost: ${url.host}\r\n` +
              'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
      let sent = 0;
      const t = setInterval(() => {
        if (s.destroyed || sent > (4 << 20)) { clearInterval(t); resolve({ sent, data }); s.destroy(); return; }
        const piece = 'a'.repeat(32 << 10);
        s.write(piece.length.toString(16) + '\r\n' + piece + '\r\n');
        sent += piece.length;
      }, 5);
    });
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('error', () => {});
  });
  assert.ok(outcome.sent <= (2 << 20), `the server read ${outcome.sent} bytes before closing`);
  assert.ok(!/^HTTP\/1\.1 [23]/.test(outcome.data), 'no success answer: ' + outcome.data.slice(0, 40));
});
