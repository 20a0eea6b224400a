// The surveys' JSON API (formats/surveys.md; docs/api.md): the campaigns
// and a campaign's results are byte for byte what `parindex survey list
// --format json` and `survey results --campaign C --format json` print
// (one table builder, app/survey_tables.c); readers only (a unit's
// reporter is refused by the route table: 403 JSON); an unknown campaign
// is 404 JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

const C = 'SIPAS-API-2026';

test('survey campaigns and results as JSON, the same bytes as the command line', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const inst = path.join(process.env.FIXTURES, '..', '..', 'data', 'survey-instruments', 'sipas-2026.json');
  srv.cli(['survey', 'instrument', 'import', inst]);
  srv.cli(['survey', 'open', '--instrument', 'SIPAS2026', '--campaign', C, '--period', '2026', '--group', 'department']);
  const qs = Array.from({ length: 16 }, (_, i) => `q${i + 1}`);
  let csv = `respondent_id,unit_code,${qs.join(',')}\n`;
  for (let i = 0; i < 12; i++) csv += `n${i},SO-NV,${qs.map((_, k) => 1 + ((i + k) % 5)).join(',')}\n`;
  for (let i = 0; i < 3; i++) csv += `t${i},SO-TP,${qs.map(() => 5).join(',')}\n`;
  const file = path.join(srv.dir, 'responses.csv');
  fs.writeFileSync(file, csv);
  srv.cli(['survey', 'import', file, '--campaign', C]);

  const office = srv.client();
  await office.login('office', DEMO_PASSWORD);
  let r = await office.get('/api/v1/surveys');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assert.equal(r.text_, srv.cli(['survey', 'list', '--format', 'json']), 'the list is survey list --format json');
  const row = JSON.parse(r.text_).find((x) => x.campaign === C);
  assert.equal(row.responses, 15);
  assert.equal(row.instrument, 'SIPAS2026');

  r = await office.get(`/api/v1/surveys/${C}/results`);
  assert.equal(r.status, 200);
  assert.equal(r.text_, srv.cli(['survey', 'results', '--campaign', C, '--format', 'json']), 'the results are survey results --format json');
  const res = JSON.parse(r.text_);
  assert.ok(res.some((x) => x.unit_code === 'SO-NV' && x.measure === 'question' && x.code === 'q1' && x.n === 12), 'SO-NV q1 over 12 answers');
  assert.ok(res.some((x) => x.unit_code === 'SO-TP' && x.flag === 'insufficient'), 'SO-TP: 3 answers are too few');

  r = await office.get('/api/v1/surveys/NO-SUCH/results');
  assert.equal(r.status, 404);
  assert.ok(JSON.parse(r.text_).error);

  const reporter = srv.client();
  await reporter.login('reporter', DEMO_PASSWORD);
  for (const p of ['/api/v1/surveys', `/api/v1/surveys/${C}/results`]) {
    r = await reporter.get(p);
    assert.equal(r.status, 403, `reporter ${p}`);
    assert.ok(!r.text_.includes('SO-NV'), 'nothing of the results');
  }
});
