// The office's overview of every unit's plan (/plans/overview?year=,
// issue 13): a department's office (office-vhtt, SO-VHTT) sees only the
// plans of units in its subtree, on the page and in its XLSX/PDF
// downloads; the city's office sees every plan; the counts agree with
// `plan status`; sorting by any column; bad parameters answer 400; other
// roles 403. "Today" is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

process.env.PARINDEX_TODAY = '2026-07-10';

const csvRows = (text) => {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};
const planCodes = (html) => [...html.matchAll(/<a href="\/plans\/(KH-[^"]+)">/g)].map((m) => m[1]);

test('the overview: the grant\'s subtree only, counts as plan status, sort, downloads', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const all = csvRows(srv.cli(['plan', 'list', '--format', 'csv'])).filter((p) => p.year === '2026');

  const city = srv.client();
  await city.login('office');
  let r = await city.get('/plans/overview?year=2026');
  assert.equal(r.status, 200);
  assert.deepEqual(planCodes(r.text_).sort(), all.map((p) => p.plan_code).sort(), 'the city office sees every plan');
  assert.match(r.text_, /<svg[^>]*role="img"/, 'the chart');
  assert.match(r.text_, /href="\/plans\/overview\?year=2026&amp;format=xlsx"/);

  // the counts of one row, against plan status
  const st = csvRows(srv.cli(['plan', 'status', '--plan', 'KH-2026-SO-NV', '--format', 'csv']));
  const live = st.filter((x) => x.state !== 'cancelled');
  const row = r.text_.match(/<tr>(?:(?!<\/tr>).)*KH-2026-SO-NV(?:(?!<\/tr>).)*<\/tr>/s);
  assert.ok(row, 'a row for KH-2026-SO-NV');
  const nums = [...row[0].matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
  assert.deepEqual(nums.slice(0, 5), [
    live.length,
    live.filter((x) => x.state.startsWith('done')).length,
    live.filter((x) => x.state === 'done_on_time').length,
    live.filter((x) => x.state === 'open' && x.status === 'in_progress').length,
    live.filter((x) => x.state === 'overdue').length,
  ], row[0]);

  // the department's office: its own subtree only
  const vhtt = srv.client();
  await vhtt.login('office-vhtt');
  r = await vhtt.get('/plans/overview?year=2026');
  assert.equal(r.status, 200);
  assert.deepEqual(planCodes(r.text_), ['KH-2026-SO-VHTT']);
  assert.doesNotMatch(r.text_, /KH-2026-SO-NV|KH-2026-HN"/);
  for (const f of ['xlsx', 'pdf']) {
    const d = await vhtt.get(`/plans/overview?year=2026&format=${f}`);
    assert.equal(d.status, 200, f);
    assert.match(d.headers.get('content-disposition') ?? '', /attachment/);
  }
  // the XLSX holds the same single row (read back with openpyxl)
  const res = await fetch(srv.base + '/plans/overview?year=2026&format=xlsx', { headers: { Cookie: vhtt.cookieHeader() } });
  const file = path.join(srv.dir, 'vhtt.xlsx');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const py = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const plans = execFileSync(py, ['-c', `
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(','.join(r[2] for r in list(ws.iter_rows(values_only=True))[1:] if r[0]))`, file], { encoding: 'utf8' }).trim();
  assert.equal(plans, 'KH-2026-SO-VHTT');

  // one plan's download answers as its page does: the plan's own office
  // gets the file, a plan it may not see is refused the same way
  r = await vhtt.get('/plans/KH-2026-SO-VHTT');
  assert.match(r.text_, /href="\/plans\/KH-2026-SO-VHTT\?as_of=2026-07-10&amp;format=pdf"/);
  for (const f of ['xlsx', 'pdf']) {
    const d = await vhtt.get(`/plans/KH-2026-SO-VHTT?format=${f}`);
    assert.equal(d.status, 200, f);
    assert.match(d.headers.get('content-type') ?? '', f === 'pdf' ? /application\/pdf/ : /spreadsheetml/);
  }
  const xa = srv.client();
  await xa.login('reporter-xa');
  const page = await xa.get('/plans/KH-2026-SO-VHTT');
  const file2 = await xa.get('/plans/KH-2026-SO-VHTT?format=xlsx');
  assert.equal(file2.status, page.status, 'the download answers as the page');
  if (page.status !== 200) assert.doesNotMatch(file2.headers.get('content-type') ?? '', /spreadsheetml/);
  assert.equal((await vhtt.get('/plans/KH-NONE?format=pdf')).status, 404);

  // sorting: by completion, descending and ascending
  r = await city.get('/plans/overview?year=2026&sort=completion&dir=desc');
  assert.equal(r.status, 200);
  const rates = (html) => [...html.matchAll(/<\/progress> ([\d,]+)/g)].map((m) => Number(m[1].replace(',', '.')));
  const desc = rates(r.text_);
  assert.ok(desc.length >= 2);
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  r = await city.get('/plans/overview?year=2026&sort=completion&dir=asc');
  assert.deepEqual(rates(r.text_), [...desc].sort((a, b) => a - b));

  // bad parameters, a year without plans, other roles
  assert.equal((await city.get('/plans/overview?year=20x6')).status, 400);
  assert.equal((await city.get('/plans/overview?year=2026&sort=nope')).status, 400);
  assert.equal((await city.get('/plans/overview?year=2026&format=docx')).status, 400);
  r = await city.get('/plans/overview?year=2031');
  assert.equal(r.status, 200);
  assert.deepEqual(planCodes(r.text_), []);
  const rep = srv.client();
  await rep.login('reporter');
  assert.equal((await rep.get('/plans/overview?year=2026')).status, 403);
  assert.equal((await rep.get('/plans/overview?year=2026&format=xlsx')).status, 403);
});
