// The surveys' JSON API (formats/surveys.md; docs/api.md): the campaigns
// and a campaign's results are byte for byte what `parindex survey list
// --format json` and `survey results --campaign C --format json` print
// (one table builder, app/survey_tables.c); readers only (a unit's
// reporter is refused by the route table: 403 JSON); an unknown campaign
// is 404 JSON. The campaign is the demo's: `parindex demo` shows SIPAS
// results (departments, synthetic answers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

const C = 'SIPAS-2026-SO'; // the demo's SIPAS campaign (app/demo_surveys.c)

test('survey campaigns and results as JSON, the same bytes as the command line', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const office = srv.client();
  await office.login('office', DEMO_PASSWORD);
  let r = await office.get('/api/v1/surveys');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assert.equal(r.text_, srv.cli(['survey', 'list', '--format', 'json']), 'the list is survey list --format json');
  const row = JSON.parse(r.text_).find((x) => x.campaign === C);
  assert.ok(row.responses > 300, `the demo's responses (${row.responses})`);
  assert.equal(row.instrument, 'SIPAS2026');
  assert.equal(row.units, 16, 'the 16 departments');

  r = await office.get(`/api/v1/surveys/${C}/results`);
  assert.equal(r.status, 200);
  assert.equal(r.text_, srv.cli(['survey', 'results', '--campaign', C, '--format', 'json']), 'the results are survey results --format json');
  const res = JSON.parse(r.text_);
  const sat = res.filter((x) => x.measure === 'index' && x.code === 'satisfaction' && x.unit_code !== '*');
  assert.equal(sat.length, 16, 'a satisfaction index per department');
  assert.ok(sat.some((x) => x.flag === 'insufficient' && x.n < 10), 'a department with too few answers is flagged');
  assert.ok(sat.filter((x) => !x.flag).every((x) => x.value > 0 && x.value <= 1 && x.ci_low < x.value && x.value < x.ci_high),
    'the others: a share with its interval');

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
