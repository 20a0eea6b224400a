// Links built from the request path stay on this site (issue 10, item 7):
// GET //evil.example/x used to render the language switch as
// href="//evil.example/x?lang=en" (and /%5Cevil.example as "/\evil..."),
// which a browser follows to another site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

// fetch() would normalise "//evil.example/x" itself: send the request
// target as it is
function rawGet(target) {
  const url = new URL(srv.base);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(url.port), url.hostname, () =>
      s.write(`GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

function hrefs(html) {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

for (const target of ['//evil.example/x', '/%5Cevil.example', '/%5C%5Cevil.example/x',
                      '///evil.example', '/%09/evil.example', '/%2F%2Fevil.example']) {
  test(`every link on the page for ${target} is same-origin`, async () => {
    const res = await rawGet(target);
    assert.match(res, /^HTTP\/1\.1 (404|400)/, res.slice(0, 80));
    const body = res.slice(res.indexOf('\r\n\r\n') + 4);
    const links = hrefs(body);
    if (res.startsWith('HTTP/1.1 404'))
      assert.ok(links.some((h) => /lang=en/.test(h)), 'the page has its language link');
    for (const h of links) {
      assert.ok(h.startsWith('/') && !h.startsWith('//') && !h.startsWith('/\\'), `href ${h}`);
      assert.equal(new URL(h, srv.base).origin, new URL(srv.base).origin, `href ${h}`);
    }
  });
}

test('the language link keeps the path and the other parameters', async () => {
  const r = await fetch(srv.base + '/login?next=%2Faccount&lang=vi');
  const html = await r.text();
  assert.ok(hrefs(html).includes('/login?next=%2Faccount&lang=en'), hrefs(html).join(' '));
});

test('sign-in redirect targets from the request path are same-origin too', async () => {
  const res = await rawGet('//evil.example/account');
  const loc = res.match(/\r\nLocation: ([^\r]*)/i);
  if (loc) assert.ok(loc[1].startsWith('/') && !loc[1].startsWith('//'), loc[1]);
});
