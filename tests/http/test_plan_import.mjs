// The office's plan import page (/plans/import, issue 13): a CSV or XLSX
// upload, all or nothing, every error as FILE:LINE:COLUMN in Vietnamese
// and English; a department's office (office-vhtt: SO-VHTT) may import
// only plans of units of its subtree, and may not replace another
// department's plan; nothing changes on a refusal; the form keeps what
// was chosen; a success lists the plans with links. "Today" is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, auditCount } from './harness.mjs';

process.env.PARINDEX_TODAY = '2026-07-10';

const HEAD = 'plan_code,plan_unit,year,task_code,parent_plan,parent_task,area,title,owner_unit,coordinators,start,due,output,indicator,target';
const row = (plan, unit, task, owner, due, extra = {}) => [
  plan, unit, '2026', task, extra.pp ?? '', extra.pt ?? '', extra.area ?? 'direction',
  extra.title ?? `Nhiệm vụ ${task} (minh họa)`, owner, '', '2026-01-01', due, 'report', '', '',
].join(',');
const csv = (...rows) => [HEAD, ...rows].join('\n') + '\n';

// the division plan of SO-VHTT's Văn phòng (illustrative), under the department's plan
const GOOD = csv(
  row('KH-2026-VHTT-VP', 'SO-VHTT.P01', '1', 'SO-VHTT.P01', '2026-09-30'),
  row('KH-2026-VHTT-VP', 'SO-VHTT.P01', '2', 'SO-VHTT.P01', '2026-11-30', { area: 'institution' }),
);

function upload(c, csrf, name, bytes, type = 'text/csv', extra = {}) {
  const f = new FormData();
  f.append('csrf', csrf);
  for (const [k, v] of Object.entries(extra)) f.append(k, v);
  f.append('file', new Blob([bytes], { type }), name);
  return c.request('POST', '/plans/import', { body: f });
}

const plans = (srv) => srv.cli(['plan', 'list', '--format', 'csv']);
const shown = (srv, code) => srv.cli(['plan', 'show', code, '--format', 'csv']);

test('the plan import page: errors at their cell, scope of the grant, success with links', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const c = srv.client();
  await c.login('office-vhtt');
  const csrf = await c.csrf();

  let r = await c.get('/plans');
  assert.equal(r.status, 200);
  assert.match(r.text_, /href="\/plans\/import"/, 'the plans list links to the import for offices');
  r = await c.get('/plans/import');
  assert.equal(r.status, 200);
  assert.match(r.text_, /enctype="multipart\/form-data"/);

  const before = plans(srv);
  const audit = auditCount(srv);

  // a wrong file: the line and column of every bad cell, nothing changes
  const bad = csv(
    row('KH-2026-VHTT-VP', 'SO-VHTT.P01', '1', 'SO-VHTT.P01', '2026-09-30'),
    row('KH-2026-VHTT-VP', 'SO-VHTT.P01', '2', 'SO-VHTT.P01', '31/05/2026'),
    row('KH-2026-VHTT-VP', 'SO-VHTT.P01', '3', 'SO-VHTT.P01', '2026-10-31', { area: 'tourism' }),
  );
  r = await upload(c, csrf, 'ke-hoach-sai.csv', bad, 'text/csv', { force: '1' });
  assert.equal(r.status, 422, r.text_.slice(0, 500));
  assert.match(r.text_, /ke-hoach-sai\.csv:3:12: cột due: ngày không hợp lệ[^<]*\| column due:/);
  assert.match(r.text_, /ke-hoach-sai\.csv:4:7: cột area: giá trị không hợp lệ: &quot;tourism&quot;/);
  assert.match(r.text_, /Chưa nhập gì: tệp có lỗi/);
  assert.match(r.text_, /name="force" value="1" checked/, 'the form keeps the choice');
  assert.match(r.text_, /ke-hoach-sai\.csv/, 'the file sent is named');
  assert.equal(plans(srv), before, 'nothing imported');
  assert.equal(auditCount(srv), audit, 'nothing audited');

  // not a table at all
  r = await upload(c, csrf, 'anh.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  assert.equal(r.status, 422);
  assert.equal(plans(srv), before);

  // the scope: a plan of another department (SO-NV) is refused at its plan_unit cell
  const other = csv(row('KH-2026-NV-X', 'SO-NV', '1', 'SO-NV', '2026-09-30'));
  r = await upload(c, csrf, 'so-nv.csv', other);
  assert.equal(r.status, 422, r.text_.slice(0, 500));
  assert.match(r.text_, /so-nv\.csv:2:2: [^<]*SO-NV[^<]*ngoài phạm vi[^<]*\|[^<]*outside your grant/);
  assert.equal(plans(srv), before);
  // nor may it take over another department's plan by its code
  const steal = csv(row('KH-2026-SO-NV', 'SO-VHTT', '1', 'SO-VHTT', '2026-09-30'));
  const nvBefore = shown(srv, 'KH-2026-SO-NV');
  r = await upload(c, csrf, 'steal.csv', steal, 'text/csv', { force: '1' });
  assert.equal(r.status, 422, r.text_.slice(0, 500));
  assert.match(r.text_, /steal\.csv:2:1: [^<]*KH-2026-SO-NV[^<]*SO-NV[^<]*outside your grant/);
  assert.equal(shown(srv, 'KH-2026-SO-NV'), nvBefore, "the other department's plan is untouched");
  // one good plan and one outside: all or nothing
  r = await upload(c, csrf, 'mixed.csv', GOOD + other.split('\n').slice(1).join('\n'));
  assert.equal(r.status, 422);
  assert.equal(plans(srv), before);
  assert.equal(auditCount(srv), audit);

  // others: a reporter may not reach the page; no CSRF token, no import
  const rep = srv.client();
  await rep.login('reporter');
  assert.equal((await rep.get('/plans/import')).status, 403);
  assert.doesNotMatch((await rep.get('/plans')).text_, /href="\/plans\/import"/);
  r = await upload(rep, await rep.csrf(), 'good.csv', GOOD);
  assert.equal(r.status, 403);
  r = await upload(c, 'not-the-token', 'good.csv', GOOD);
  assert.equal(r.status, 403);
  assert.equal(plans(srv), before);

  // a good CSV: imported, listed with a link
  r = await upload(c, csrf, 'van-phong.csv', GOOD);
  assert.equal(r.status, 200, r.text_.slice(0, 800));
  assert.match(r.text_, /<a href="\/plans\/KH-2026-VHTT-VP">KH-2026-VHTT-VP<\/a>/);
  assert.match(plans(srv), /KH-2026-VHTT-VP,SO-VHTT\.P01,2026/);
  assert.equal((await c.get('/plans/KH-2026-VHTT-VP')).status, 200);
  assert.ok(auditCount(srv) > audit, 'the import is audited');

  // the same plan from a workbook (one more task): replaced
  const dir = fs.mkdtempSync(path.join(srv.dir, 'xlsx-'));
  const src = path.join(dir, 'in.csv');
  const xlsx = path.join(dir, 'van-phong.xlsx');
  fs.writeFileSync(src, GOOD + row('KH-2026-VHTT-VP', 'SO-VHTT.P01', '3', 'SO-VHTT.P01', '2026-12-15') + '\n');
  // Debian's interpreter has python3-openpyxl (a pyenv shim may come first)
  const py = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  execFileSync(py, ['-c', `
import csv, sys, datetime, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
for i, r in enumerate(csv.reader(open(sys.argv[1], encoding='utf-8'))):
    if i:
        r[2] = int(r[2])
        r[10] = datetime.date.fromisoformat(r[10]); r[11] = datetime.date.fromisoformat(r[11])
    ws.append(r)
wb.save(sys.argv[2])`, src, xlsx]);
  r = await upload(c, csrf, 'van-phong.xlsx', fs.readFileSync(xlsx),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.status, 200, r.text_.slice(0, 800));
  assert.match(shown(srv, 'KH-2026-VHTT-VP'), /\n(KH-2026-VHTT-VP,)?3,/);
});
