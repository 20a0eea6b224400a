// The office's dossier import page: a file with a bad row (a bad word, a
// far-off date) is refused with its FILE:LINE:COLUMN report and changes
// nothing; a good file is
// imported and shows up on the service-quality page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, auditCount } from './harness.mjs';

async function upload(client, csrf, name, bytes) {
  const f = new FormData();
  f.append('csrf', csrf);
  f.append('file', new Blob([bytes]), name);
  return client.request('POST', '/dossiers/import', { body: f });
}

test('dossier import page', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const office = srv.client();
  await office.login('office');
  const csrf = await office.csrf();
  const before = auditCount(srv);

  const bad = 'dossier_code,unit_code,procedure_code,channel,received_at,due_at,status\n' +
    'Q1,SO-NV,P1,direct,2025-03-10T08:00,2025-03-20,processing\n' +
    'Q2,SO-NV,P1,email,2025-03-11T08:00,2025-03-21,processing\n';
  let r = await upload(office, csrf, 'bad.csv', Buffer.from(bad));
  assert.equal(r.status, 422);
  assert.match(r.text_, /bad\.csv:3:4:/);
  assert.equal(auditCount(srv), before, 'a refused import changed nothing');

  // far-off dates (a typo: year 0001, a 2062 deadline) are bad input:
  // refused with FILE:LINE:COLUMN before anything is written
  const far = 'dossier_code,unit_code,procedure_code,channel,received_at,due_at,status\n' +
    'Q1,SO-NV,P1,direct,0001-03-10T08:00,0001-03-20,processing\n' +
    'Q2,SO-NV,P1,direct,2025-03-11T08:00,2062-03-21,processing\n';
  r = await upload(office, csrf, 'far.csv', Buffer.from(far));
  assert.equal(r.status, 422);
  assert.match(r.text_, /far\.csv:2:5:[^<]*received_at 0001-03-10T08:00:00\+07:00 is outside the plausible dates 2000-01-01\.\./);
  assert.match(r.text_, /far\.csv:3:6:[^<]*due_at 2062-03-21T23:59:59\+07:00 is outside the plausible dates 2000-01-01\.\./);
  assert.equal(auditCount(srv), before, 'a refused far-date import changed nothing');

  // an empty upload named like a file of the server is read as the
  // (empty) upload, never from the server's disk
  const onDisk = path.join(srv.dir, 'server-side.csv');
  fs.writeFileSync(onDisk, bad.replace('email', 'online'));
  r = await upload(office, csrf, onDisk, Buffer.alloc(0));
  assert.equal(r.status, 422, 'an empty upload is bad input');
  assert.doesNotMatch(r.text_, /300 hồ sơ|imported|đã nhập/i);
  assert.equal(auditCount(srv), before, 'nothing was imported from the server side file');

  const good = bad.replace('email', 'online');
  r = await upload(office, csrf, 'good.csv', Buffer.from(good));
  assert.equal(r.status, 200, r.text_.slice(0, 300));
  assert.ok(auditCount(srv) > before);
  r = await office.get('/dossiers?year=2025');
  assert.equal(r.status, 200);
  assert.match(r.text_, /href="\/dossiers\/SO-NV\?year=2025"/);

  // a reader who is not the office cannot import
  const leader = srv.client();
  await leader.login('leader');
  r = await upload(leader, await leader.csrf(), 'good.csv', Buffer.from(good));
  assert.equal(r.status, 403);
});
