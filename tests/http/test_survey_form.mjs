// The public survey form (docs/formats/surveys.md "Public form"), as an
// anonymous visitor: an out-of-range answer, a form with no answer, a
// huge comment, a wrong, missing or reused one-time code, a closed
// campaign, no CSRF token: a clear message, what was typed kept, nothing
// stored; a good form is stored and answered with the thank-you page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { startServer } from './harness.mjs';

const FIX = path.join(process.env.FIXTURES, 'surveys');

test('the public form refuses bad input and stores good input', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  srv.cli(['survey', 'instrument', 'import', path.join(FIX, 'small.json')]);
  const units = path.join(srv.dir, 'units.csv');
  fs.writeFileSync(units, 'unit_code\nSO-TP\n');
  srv.cli(['survey', 'open', '--instrument', 'TS2026', '--campaign', 'P', '--period', '2026', '--units', units]);
  srv.cli(['survey', 'open', '--instrument', 'TS2026', '--campaign', 'K', '--period', '2025', '--units', units,
    '--codes', '2']);
  const count = (c) => srv.cli(['survey', 'progress', '--campaign', c, '--format', 'csv']).trim().split('\n')[1];
  const anon = srv.client();
  const csrf = await anon.csrf();

  let res = await anon.get('/survey/P/SO-TP');
  assert.equal(res.status, 200);
  assert.match(res.text_, /lang="vi"/, 'Vietnamese by default');
  assert.equal((await anon.get('/survey/P/SO-NV')).status, 404, 'a unit outside the campaign');
  assert.equal((await anon.get('/survey/NONE/SO-TP')).status, 404, 'no such campaign');

  res = await anon.post('/survey/P/SO-TP', { csrf, q1: '7', q2: '5', comment: 'Chờ lâu' });
  assert.equal(res.status, 422, 'out of range');
  assert.match(res.text_, /phải là một số nguyên từ 1 đến 5/);
  assert.match(res.text_, /<textarea[^>]*name="comment"[^>]*>Chờ lâu<\/textarea>/, 'the comment kept');
  assert.match(res.text_, /name="q2" value="5" checked/, 'the other answer kept');
  res = await anon.post('/survey/P/SO-TP', { csrf });
  assert.equal(res.status, 422, 'nothing answered');
  assert.match(res.text_, /phiếu chưa trả lời câu hỏi nào/);
  res = await anon.post('/survey/P/SO-TP', { csrf, q1: '4', comment: 'x'.repeat(5000) });
  assert.equal(res.status, 422, 'a huge comment');
  assert.match(res.text_, /dài quá 4000 byte/);
  res = await anon.post('/survey/P/SO-TP', { q1: '4' });
  assert.equal(res.status, 403, 'no CSRF token');
  assert.equal(count('P'), 'SO-TP,0,', 'nothing stored after the refusals');

  res = await anon.post('/survey/P/SO-TP', { csrf, q1: '4', channel: 'online; desk', visits: '1,5' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/survey/P/SO-TP/thanks');
  assert.match((await anon.get('/survey/P/SO-TP/thanks')).text_, /Cảm ơn/);
  assert.equal(count('P'), 'SO-TP,1,');

  // one-time codes
  const codes = srv.cli(['survey', 'codes', '--campaign', 'K', '--format', 'csv']).trim().split('\n').slice(1)
    .map((l) => l.split(',')[1]);
  assert.equal(codes.length, 2);
  res = await anon.post('/survey/K/SO-TP', { csrf, q1: '5' });
  assert.equal(res.status, 422, 'no code');
  assert.match(res.text_, /cần mã phiếu dùng một lần/);
  res = await anon.post('/survey/K/SO-TP', { csrf, q1: '5', code: 'WRONGCODE1' });
  assert.equal(res.status, 422, 'a wrong code');
  assert.match(res.text_, /value="WRONGCODE1"/, 'the code typed kept');
  res = await anon.post('/survey/K/SO-TP', { csrf, q1: '5', code: codes[0] });
  assert.equal(res.status, 303, 'a good code');
  res = await anon.post('/survey/K/SO-TP', { csrf, q1: '2', code: codes[0] });
  assert.equal(res.status, 422, 'the code used twice');
  assert.match(res.text_, /mã phiếu không đúng hoặc đã được dùng/);
  assert.equal(count('K'), 'SO-TP,1,');
  assert.match(srv.cli(['survey', 'codes', '--campaign', 'K', '--format', 'csv']), new RegExp(`${codes[0]},\\d{4}-`),
    'the code is marked used');

  // a closed campaign does not exist for the public
  srv.cli(['survey', 'close', '--campaign', 'P']);
  assert.equal((await anon.get('/survey/P/SO-TP')).status, 404);
  res = await anon.post('/survey/P/SO-TP', { csrf, q1: '4' });
  assert.ok(res.status === 404 || res.status === 422, `closed: ${res.status}`);
  assert.equal(count('P'), 'SO-TP,1,');
});
