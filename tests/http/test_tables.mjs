// Lists longer than a screen (issue 11): search, filters, sort by each
// column and pagination, server-side and in the query string
// (web/table_view.c); bad parameters answer 400 and say which, never
// another year or group instead; a reporter's unit page has no link that
// answers 403; pages are Vietnamese for an anonymous browser preferring
// English (the switch is offered).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';

let srv, office;
before(async () => {
  srv = await startServer();
  office = srv.client();
  await office.login('office');
});
after(async () => { await srv?.stop(); });

// the rows of the page's list table: the text of each cell
function rows(html) {
  const wrap = html.match(/<div class="table-wrap"[^>]*aria-label="([^"]*)"><table>([\s\S]*?)<\/table><\/div>/);
  assert.ok(wrap, 'a list in its own scrolling box');
  const body = wrap[2].split('<tbody>')[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
}
const num = (s) => Number(s.replace(',', '.'));

test('the dashboard ranking: sort by each column, both ways, bookmarkable', async () => {
  let r = await office.get('/?framework=HN-DEPT-2025&sort=index&dir=desc');
  assert.equal(r.status, 200);
  let v = rows(r.text_).filter((x) => x[2] !== '—').map((x) => num(x[2]));
  assert.ok(v.length > 5);
  assert.deepEqual(v, [...v].sort((a, b) => b - a), 'index, biggest first');
  assert.match(r.text_, /aria-sort="descending"><a href="\/\?framework=HN-DEPT-2025&amp;sort=index&amp;dir=asc/,
    'the sorted header says so and links to the other direction');
  r = await office.get('/?framework=HN-DEPT-2025&sort=unit&dir=asc');
  const names = rows(r.text_).map((x) => x[1]);
  const collator = new Intl.Collator('vi');
  assert.deepEqual(names, [...names].sort(collator.compare), 'unit names in Vietnamese order');
  r = await office.get('/?framework=HN-DEPT-2025&sort=unit&dir=desc');
  assert.deepEqual(rows(r.text_).map((x) => x[1]), [...names].reverse());
  for (const col of ['rank', 'grade', 'change', 'd1', 'd9'])
    assert.equal((await office.get(`/?framework=HN-DEPT-2025&sort=${col}`)).status, 200, col);
});

test('search (without diacritics too), grade filter, empty state that says why', async () => {
  let r = await office.get('/?framework=HN-DEPT-2025&q=' + encodeURIComponent('nội vụ'));
  let v = rows(r.text_);
  assert.equal(v.length, 1);
  assert.equal(v[0][1], 'Sở Nội vụ');
  r = await office.get('/?framework=HN-DEPT-2025&q=noi%20vu');
  assert.deepEqual(rows(r.text_).map((x) => x[1]), ['Sở Nội vụ'], 'typed without diacritics');
  r = await office.get('/?framework=HN-DEPT-2025&grade=B');
  v = rows(r.text_);
  assert.ok(v.length > 0 && v.every((x) => x[3] === 'B'), 'only grade B');
  assert.match(r.text_, /<option value="B" selected>/, 'the filter shows what is chosen');
  r = await office.get('/?framework=HN-DEPT-2025&grade=A&q=zzzz');
  assert.equal(r.status, 200);
  assert.match(r.text_, /Không có đơn vị nào khớp với từ khóa «zzzz», Xếp loại: A\./);
  assert.doesNotMatch(r.text_, /aria-label="Xếp hạng"><table>/, 'no empty table');
});

test('pagination: page 2 of N on the public results, a page beyond the last is 400', async () => {
  const anon = srv.client();
  let r = await anon.get('/public/results/HN-DISTRICT-2024?sort=unit');
  assert.equal(r.status, 200);
  const m = r.text_.match(/(\d+) đơn vị · trang 1 trên (\d+)/);
  assert.ok(m, 'the count and the pages');
  const pages = Number(m[2]);
  assert.ok(pages >= 2, 'more than one page of districts');
  const first = rows(r.text_);
  assert.equal(first.length, 20);
  r = await anon.get('/public/results/HN-DISTRICT-2024?sort=unit&page=2');
  assert.match(r.text_, new RegExp(`Trang 2 trên ${pages}`));
  const second = rows(r.text_);
  assert.ok(second.length > 0 && second[0][1] !== first[0][1], 'another page of units');
  assert.match(r.text_, /rel="prev" href="\/public\/results\/HN-DISTRICT-2024\?sort=unit&amp;dir=asc&amp;page=1"/);
  r = await anon.get(`/public/results/HN-DISTRICT-2024?page=${pages + 1}`);
  assert.equal(r.status, 400);
  assert.match(r.text_, /Không có trang này/);
  // the domains by name and the grades explained, a chart, a search box
  r = await anon.get('/public/results/HN-DISTRICT-2024');
  assert.match(r.text_, /<dl class="legend"><dt>1<\/dt><dd>[^<]{8,}<\/dd>/);
  assert.match(r.text_, /Xếp loại [A-Z]<\/dt><dd>chỉ số từ [\d,]+% trở lên/);
  assert.match(r.text_, /<svg[^>]*role="img"/);
  assert.match(r.text_, /<input type="search" name="q"/);
});

test('bad parameters answer 400 and say which; nothing else is shown instead', async () => {
  const bad = [
    ['/dossiers?year=abc', /Năm không hợp lệ «abc»/],
    ['/dossiers?year=1999', /Năm không hợp lệ «1999»/],
    ['/dossiers/SO-NV?year=20x4', /Năm không hợp lệ/],
    ['/?group=nonsense', /không có nhóm «nonsense»/],
    ['/?framework=NO-SUCH', /Không có bộ tiêu chí «NO-SUCH»/],
    ['/?sort=bogus', /Không có cột sắp xếp này/],
    ['/?dir=up', /Chiều sắp xếp/],
    ['/?page=0', /Số trang/],
    ['/?page=x', /Số trang/],
    ['/?grade=Z', /Giá trị lọc/],
    ['/frameworks?state=maybe', /Giá trị lọc/],
    ['/dossiers?year=2024&kind=planet', /Giá trị lọc/],
    ['/admin/audit?sort=nope', null],
    ['/?q=' + 'x'.repeat(101), /quá dài/],
  ];
  const admin = srv.client();
  await admin.login('admin');
  for (const [path, msg] of bad) {
    const r = await admin.get(path);
    assert.equal(r.status, 400, path);
    if (msg)
      assert.match(r.text_, msg, path);
  }
  assert.equal((await admin.get('/dossiers?year=2026&kind=commune')).status, 200);
  const r = await admin.get('/dossiers?year=2026&sort=on_time&dir=desc');
  assert.equal(r.status, 200);
  const v = rows(r.text_).map((x) => x[3]).filter((x) => x !== '—').map(num);
  assert.ok(v.length > 3);
  assert.deepEqual(v, [...v].sort((a, b) => b - a));
});

test('the audit log: filter by action, search, sort, pages, times in Vietnam time and words', async () => {
  const admin = srv.client();
  await admin.login('admin');
  let r = await admin.get('/admin/audit?kind=login');
  assert.equal(r.status, 200);
  const v = rows(r.text_);
  assert.ok(v.length >= 1 && v.every((x) => x[3] === 'Đăng nhập'), 'only sign-ins, in words');
  assert.match(v[0][1], /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/, 'dd/mm/yyyy HH:mm');
  assert.doesNotMatch(r.text_, /\{"addr"/, 'no JSON on the page');
  assert.match(r.text_, /<li>địa chỉ: 127\.0\.0\.1<\/li>/);
  r = await admin.get('/admin/audit?page=2');
  assert.match(r.text_, /Trang 2 trên \d+/);
  r = await admin.get('/admin/audit?kind=import&sort=who&dir=desc');
  assert.equal(r.status, 200);
  assert.ok(rows(r.text_).every((x) => x[3] === 'Nhập dữ liệu'));
});

test('a reporter\'s unit page has no link that answers 403', async () => {
  const rep = srv.client();
  await rep.login('reporter-xa');
  const r = await rep.get('/units/X-DAI-THANH');
  assert.equal(r.status, 200);
  const links = [...new Set([...r.text_.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&')))];
  assert.ok(links.length > 3);
  for (const l of links) {
    const res = await rep.get(l);
    assert.notEqual(res.status, 403, `${l} answers 403 to the reporter`);
    assert.ok(res.status < 400, `${l}: ${res.status}`);
  }
  // the parent (the city) is named, not linked: its page is not the reporter's
  assert.equal((await rep.get('/units/HN')).status, 403);
  assert.doesNotMatch(r.text_, /href="\/units\/HN"/);
});

test('anonymous pages are Vietnamese with an English Accept-Language; English is offered', async () => {
  const anon = srv.client();
  const r = await anon.get('/public', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  assert.match(r.text_, /<html lang="vi">/);
  assert.match(r.text_, /Kết quả đã công bố/);
  assert.match(r.text_, /href="\/public\?lang=en"[^>]*class="lang-offer">This page in English</);
  const e = await anon.get('/public?lang=en');
  assert.match(e.text_, /<html lang="en">/);
  const again = await anon.get('/public', { headers: { 'Accept-Language': 'vi' } });
  assert.match(again.text_, /<html lang="en">/, 'a choice made is kept');
});

test('formulas are shown in words beside their code', async () => {
  const r = await office.get('/frameworks/HN-DEPT-2025');
  assert.equal(r.status, 200);
  assert.ok(r.text_.includes('<span class="formula-words">điểm tối đa × tỉ lệ plan.tasks_done trên plan.tasks_total</span><br><code>max * rate(plan.tasks_done, plan.tasks_total)</code>'));
  assert.match(r.text_, /\(theo bậc của dossier\.on_time_rate: từ 0,9 được điểm tối đa × 0,5; từ 0,95 được/);
});

test('downloads of a ranking never published say draft; published ones do not', async () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPROOT || os.tmpdir(), 'draft-'));
  const pdfText = async (url) => {
    const res = await fetch(srv.base + url, { headers: { cookie: office.cookieHeader() } });
    assert.equal(res.status, 200, url);
    const f = path.join(dir, 'x.pdf');
    fs.writeFileSync(f, Buffer.from(await res.arrayBuffer()));
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
  };
  const draft = await pdfText('/?framework=HN-DEPT-2025&format=pdf');
  assert.match(draft, /Dự thảo — chưa công bố/);
  const card = await pdfText('/units/SO-NV?framework=HN-DEPT-2025&format=pdf');
  assert.match(card, /Dự thảo — chưa công bố/);
  const published = await pdfText('/?framework=HN-DEPT-2024&format=pdf');
  assert.doesNotMatch(published, /Dự thảo/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a late dossier list shows its times as dd/mm/yyyy HH:mm; its CSV keeps ISO 8601', async () => {
  const unit = await office.get('/dossiers/X-DAI-THANH?year=2026');
  const month = unit.text_.match(/late\?month=(\d{4}-\d\d)/)[1];
  const r = await office.get(`/dossiers/X-DAI-THANH/late?month=${month}`);
  const v = rows(r.text_);
  assert.ok(v.length > 0);
  for (const c of [2, 3])
    assert.match(v[0][c], /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  const csv = await office.get(`/dossiers/X-DAI-THANH/late?month=${month}&format=csv`);
  assert.match(csv.text_, /\n[^\n]*,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00,/);
});

test('the register of units: kind and state filters, sort, pages; readers only', async () => {
  let r = await office.get('/units?kind=commune&state=dissolved&sort=name');
  assert.equal(r.status, 200);
  const v = rows(r.text_);
  assert.equal(v.length, 20);
  assert.ok(v.every((x) => x[2] === 'xã' && x[5] !== '…'), 'dissolved communes only, each with its end date');
  assert.match(v[0][5], /^\d\d\/\d\d\/\d{4}$/, 'dates as dd/mm/yyyy');
  const names = v.map((x) => x[1]);
  assert.deepEqual(names, [...names].sort(new Intl.Collator('vi').compare));
  r = await office.get('/units?state=current&q=' + encodeURIComponent('Đại Thanh'));
  assert.ok(rows(r.text_).some((x) => x[0] === 'X-DAI-THANH'));
  assert.equal((await office.get('/units?kind=galaxy')).status, 400);
  const rep = srv.client();
  await rep.login('reporter-xa');
  assert.equal((await rep.get('/units')).status, 403, 'the register list is for readers');
});
