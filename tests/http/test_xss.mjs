// Escaping: data that looks like HTML reaches every page as text. A unit
// named <script>alert(1)</script>, a framework title with a script, a
// criterion title with both kinds of quotes, a user name with quotes and
// a login echoed back on the sign-in form: no page may contain them raw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

const UNIT = '<script>alert(1)</script>';
const TITLE = 'Khung <script>alert(2)</script>';
const CRIT = `Tiêu chí "trích dẫn" & <b>đậm</b> 'x'`;
const RAW = [UNIT, '<script>alert(2)</script>', '<b>đậm</b>', `"trích dẫn"`, `'x'`, '<img src=x onerror=alert(3)>'];

let srv, admin;
before(async () => {
  srv = await startServer();
  const csv = path.join(srv.dir, 'xss.csv');
  fs.writeFileSync(csv, `code,name,kind,parent\nXSS-1,${UNIT},department,HN\n`);
  srv.cli(['unit', 'import', csv]);
  const fw = JSON.parse(fs.readFileSync(path.join(process.env.FIXTURES, 'frameworks', 'small.json'), 'utf8'));
  fw.code = 'XSS-2025';
  fw.title = TITLE;
  delete fw.previous;
  delete fw.previous_map;
  fw.group = 'department'; // XSS-1's kind, so that /explain shows it
  fw.criteria[0].title = CRIT;
  const fwFile = path.join(srv.dir, 'xss.json');
  fs.writeFileSync(fwFile, JSON.stringify(fw));
  srv.cli(['framework', 'import', fwFile]);
  srv.cli(['user', 'add', 'quoted', '--role', 'leader', '--name', `"Quoted" O'Brien <img src=x onerror=alert(3)>`],
          'quoted-password\n');
  admin = srv.client();
  await admin.login('admin');
});
after(async () => { await srv.stop(); });

function noRaw(html, where) {
  for (const s of RAW) assert.ok(!html.includes(s), `${where} contains the raw text ${s}`);
}

test('the sign-in form echoes the typed login escaped', async () => {
  const c = srv.client();
  const csrf = await c.csrf();
  const login = `"><script>alert(1)</script>`;
  const r = await c.post('/login', { login, password: 'whatever-1', csrf });
  assert.equal(r.status, 401);
  noRaw(r.text_, 'login page');
  assert.ok(!r.text_.includes(login));
  assert.ok(r.text_.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
});

test('the users page shows a name with quotes escaped', async () => {
  const r = await admin.get('/admin/users');
  assert.equal(r.status, 200);
  noRaw(r.text_, '/admin/users');
  assert.ok(r.text_.includes('&quot;Quoted&quot; O&#39;Brien &lt;img src=x onerror=alert(3)&gt;'));
});

test('an add-user form sent back with errors keeps the values escaped', async () => {
  const csrf = await admin.csrf();
  const r = await admin.post('/admin/users', { csrf, login: 'bad login', name: UNIT, role: 'leader', password: 'x' });
  assert.equal(r.status, 400);
  noRaw(r.text_, 'add-user errors');
  assert.ok(r.text_.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
});

test('the audit page shows the imported names escaped', async () => {
  const r = await admin.get('/admin/audit');
  assert.equal(r.status, 200);
  noRaw(r.text_, '/admin/audit');
  // the newest entries: the unit's insert and the framework's import, their
  // details read from the JSON and shown as field: value, escaped for HTML
  assert.ok(r.text_.includes('<small>XSS-1</small>'), 'the unit insert is listed');
  assert.ok(r.text_.includes('<li>tên: &lt;script&gt;alert(1)&lt;/script&gt;</li>'), 'unit name in the detail');
  assert.ok(r.text_.includes('<li>tên: Khung &lt;script&gt;alert(2)&lt;/script&gt;</li>'), 'framework title in the detail');
});

const ESC = {
  unit: '&lt;script&gt;alert(1)&lt;/script&gt;',
  title: 'Khung &lt;script&gt;alert(2)&lt;/script&gt;',
  crit: 'Tiêu chí &quot;trích dẫn&quot; &amp; &lt;b&gt;đậm&lt;/b&gt; &#39;x&#39;',
};

test('pages that show units and frameworks show them escaped, never raw', async () => {
  // each page answers 200 and shows (escaped) what it is about
  const pages = [
    ['/', ['unit', 'title']],
    ['/?framework=XSS-2025', ['unit', 'title', 'crit']],
    ['/units/XSS-1', ['unit']],
    ['/frameworks', ['title']],
    ['/frameworks/XSS-2025', ['title', 'crit']],
    ['/explain/XSS-2025/XSS-1', ['unit', 'title', 'crit']],
  ];
  for (const [p, shows] of pages) {
    const r = await admin.get(p);
    assert.equal(r.status, 200, `${p}: ${r.status}`);
    assert.match(r.headers.get('content-type'), /^text\/html/, p);
    noRaw(r.text_, p);
    for (const k of shows) assert.ok(r.text_.includes(ESC[k]), `${p} shows the ${k} escaped`);
  }
  // the public index lists published results only: not this framework
  const pub = await admin.get('/public');
  assert.equal(pub.status, 200);
  noRaw(pub.text_, '/public');
  assert.ok(!pub.text_.includes('XSS-2025') && !pub.text_.includes(ESC.title), 'unpublished framework not public');
  assert.ok(pub.text_.includes('HN-DEPT-2021'), 'the demo\'s published framework is listed');
});

test('the JSON API carries the names as JSON strings', async () => {
  let r = await admin.get('/api/v1/units/XSS-1');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.ok(!r.text_.includes('</script>'), 'no raw end tag in JSON');
  assert.equal(JSON.parse(r.text_).unit.name, UNIT);
  r = await admin.get('/api/v1/frameworks');
  assert.equal(r.status, 200);
  assert.ok(!r.text_.includes('</script>'), 'no raw end tag in JSON');
  const fw = JSON.parse(r.text_).find((f) => f.code === 'XSS-2025');
  assert.ok(fw, 'the framework is listed');
  assert.equal(fw.title, TITLE);
});
