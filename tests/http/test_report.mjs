// Report downloads (issue 12): every "Tải Excel" / "Tải PDF" link answers
// with the right Content-Type, Content-Disposition: attachment with an
// RFC 6266 filename* (the Vietnamese name) and the same bytes as
// `parindex report` writes for the same inputs (PARINDEX_NOW fixes the
// time of export for the server and the CLI alike). Public downloads show
// published versions only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

process.env.PARINDEX_NOW = '2026-12-03T02:00:00Z';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let srv;
let leader;
before(async () => {
  srv = await startServer();
  leader = srv.client();
  await leader.login('leader');
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'clean exit after SIGTERM\n' + srv.log());
});

// GET p as client c (cookies kept), the body as bytes
async function bytes(c, p) {
  const headers = c && c.cookies.size ? { Cookie: c.cookieHeader() } : {};
  const res = await fetch(srv.base + p, { headers, redirect: 'manual' });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

// what the CLI writes for the same report
function cli(args, ext) {
  const out = path.join(srv.dir, `cli-${Math.random().toString(16).slice(2)}.${ext}`);
  srv.cli(['report', ...args, '--out', out]);
  const b = fs.readFileSync(out);
  fs.unlinkSync(out);
  return b;
}

function isDownload(res, type, ascii, viEncoded) {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), type);
  const cd = res.headers.get('content-disposition');
  assert.match(cd, /^attachment; /);
  assert.ok(cd.includes(`filename="${ascii}"`), cd);
  assert.ok(cd.includes(`filename*=UTF-8''${viEncoded}`), cd);
}

test('dashboard: the links, then the XLSX and PDF equal to the CLI', async () => {
  const page = await leader.get('/?framework=HN-DEPT-2025');
  assert.equal(page.status, 200);
  assert.match(page.text_, /<a href="\/\?framework=HN-DEPT-2025&amp;format=xlsx" download>Tải Excel<\/a>/);
  assert.match(page.text_, /<a href="\/\?framework=HN-DEPT-2025&amp;format=pdf" download>Tải PDF<\/a>/);
  // the print rules are in the page's stylesheet (/static/style.css)
  const css = (await leader.get(page.text_.match(/<link rel="stylesheet" href="([^"]+)"/)[1])).text_;
  assert.match(css, /@media print\{@page\{size:A4;/, 'a print stylesheet for A4');
  assert.match(css, /@media print\{[^<]*\.downloads[^<]*\{display:none\}/, 'no download links on paper');
  const vi = encodeURIComponent('Bảng xếp hạng HN-DEPT-2025');
  let { res, body } = await bytes(leader, '/?framework=HN-DEPT-2025&format=xlsx');
  isDownload(res, XLSX, 'ranking-HN-DEPT-2025.xlsx', vi.replace(/%20/g, '%20') + '.xlsx');
  assert.equal(body.subarray(0, 2).toString(), 'PK');
  assert.ok(body.equals(cli(['ranking', '--framework', 'HN-DEPT-2025'], 'xlsx')), 'XLSX bytes equal the CLI');
  ({ res, body } = await bytes(leader, '/?framework=HN-DEPT-2025&format=pdf'));
  isDownload(res, 'application/pdf', 'ranking-HN-DEPT-2025.pdf', vi + '.pdf');
  assert.equal(body.subarray(0, 5).toString(), '%PDF-');
  assert.ok(body.equals(cli(['ranking', '--framework', 'HN-DEPT-2025'], 'pdf')), 'PDF bytes equal the CLI');
});

test('a bad format is 400; anonymous gets no dashboard download', async () => {
  const r = await leader.get('/?framework=HN-DEPT-2025&format=docx');
  assert.equal(r.status, 400);
  const { res } = await bytes(null, '/?framework=HN-DEPT-2025&format=xlsx');
  assert.notEqual(res.status, 200);
  assert.notEqual(res.headers.get('content-type'), XLSX);
});

test('public results: published versions only, cached bytes stay equal to the CLI', async () => {
  const page = await srv.client().get('/public/results/HN-DEPT-2024');
  assert.equal(page.status, 200);
  assert.match(page.text_, /href="\/public\/results\/HN-DEPT-2024\?version=1&amp;format=pdf" download>Tải PDF/);
  const want = cli(['ranking', '--framework', 'HN-DEPT-2024', '--version', '1'], 'pdf');
  for (let i = 0; i < 2; i++) {
    const { res, body } = await bytes(null, '/public/results/HN-DEPT-2024?format=pdf');
    isDownload(res, 'application/pdf', 'ranking-HN-DEPT-2024-v1.pdf',
      encodeURIComponent('Bảng xếp hạng HN-DEPT-2024 phiên bản 1') + '.pdf');
    assert.ok(body.equals(want), `public PDF (request ${i + 1}) equals the CLI`);
  }
  const x = await bytes(null, '/public/results/HN-DEPT-2024?version=1&format=xlsx');
  assert.equal(x.res.status, 200);
  assert.ok(x.body.equals(cli(['ranking', '--framework', 'HN-DEPT-2024', '--version', '1'], 'xlsx')));
  const never = await bytes(null, '/public/results/HN-DEPT-2025?format=xlsx');
  assert.equal(never.res.status, 404, 'a framework never published has no public download');
});

test('unit scorecard, dossiers, late list, cycle progress: equal to the CLI', async () => {
  let { res, body } = await bytes(leader, '/units/SO-NV?framework=HN-DEPT-2025&format=pdf');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.ok(body.equals(cli(['unit', '--framework', 'HN-DEPT-2025', '--unit', 'SO-NV'], 'pdf')));
  const unitPage = await leader.get('/units/SO-NV');
  assert.match(unitPage.text_, /\/units\/SO-NV\?framework=HN-DEPT-2024&amp;format=xlsx/);
  ({ res, body } = await bytes(leader, '/dossiers?year=2025&format=xlsx'));
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.ok(body.equals(cli(['dossiers', '--year', '2025'], 'xlsx')));
  const dossiers = await leader.get('/dossiers?year=2025');
  assert.match(dossiers.text_, /href="\/dossiers\?year=2025&amp;format=pdf" download>Tải PDF/);
  ({ res, body } = await bytes(leader, '/?framework=HN-COMMUNE-2025&report=cycle&format=xlsx'));
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.ok(body.equals(cli(['cycle', '--framework', 'HN-COMMUNE-2025'], 'xlsx')));
  ({ res, body } = await bytes(leader, '/dossiers/P-HONG-HA/late?month=2026-06&format=pdf'));
  isDownload(res, 'application/pdf', 'late-P-HONG-HA-2026-06.pdf',
    encodeURIComponent('Hồ sơ trễ hạn P-HONG-HA 2026-06') + '.pdf');
  assert.ok(body.equals(cli(['late', '--unit', 'P-HONG-HA', '--month', '2026-06'], 'pdf')));
  const late = await leader.get('/dossiers/P-HONG-HA/late?month=2026-06');
  assert.match(late.text_, /href="\/dossiers\/P-HONG-HA\/late\?month=2026-06&amp;format=xlsx" download>Tải Excel/);
  const csv = await leader.get('/dossiers/P-HONG-HA/late?month=2026-06&format=csv');
  assert.match(csv.headers.get('content-type'), /^text\/csv/, 'the CSV download stays');
  const cyc = await leader.get('/cycles/HN-COMMUNE-2025');
  assert.match(cyc.text_, /href="\/\?framework=HN-COMMUNE-2025&amp;report=cycle&amp;format=pdf" download>Tải PDF/);
});

test('JSON API lists answer ?format=xlsx|pdf with the same documents', async () => {
  // the live ranking over the API equals the CLI's report and the page's
  let { res, body } = await bytes(leader, '/api/v1/results/HN-DEPT-2025?format=xlsx');
  isDownload(res, XLSX, 'ranking-HN-DEPT-2025.xlsx',
    encodeURIComponent('Bảng xếp hạng HN-DEPT-2025') + '.xlsx');
  assert.equal(body.compare(cli(['ranking', '--framework', 'HN-DEPT-2025'], 'xlsx')), 0,
    'API bytes = CLI bytes');
  ({ res, body } = await bytes(leader, '/api/v1/results/HN-DEPT-2025?format=pdf'));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(body.subarray(0, 5).toString(), '%PDF-');
  // units (on a date) and frameworks: spreadsheets of what the JSON lists
  ({ res, body } = await bytes(leader, '/api/v1/units?date=2025-07-01&format=xlsx'));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.equal(body.subarray(0, 2).toString(), 'PK');
  ({ res, body } = await bytes(leader, '/api/v1/frameworks?format=xlsx'));
  assert.equal(res.status, 200);
  assert.equal(body.subarray(0, 2).toString(), 'PK');
  // an unknown format is refused, not served as JSON
  ({ res } = await bytes(leader, '/api/v1/frameworks?format=docx'));
  assert.equal(res.status, 400);
  // the JSON stays JSON
  ({ res } = await bytes(leader, '/api/v1/frameworks'));
  assert.match(res.headers.get('content-type'), /application\/json/);
});
