// The explain page and its JSON name what cost a unit points in a
// criterion over inspection.* metrics (formats/inspections.md "Metrics
// written"): the inspection, the recommendation's number, text, due date
// and state; and they respect the visibility rule: an unannounced
// inspection that has not started is named to the city office, never to
// the inspected unit's users. Then the paths the route-table matrix of
// test_inspections.mjs walks only without a query: the calendar of the
// inspection's month, the lists by year and unit, the follow-up lists by
// state and day, the register search, the notices (the inspection is
// planned 3 days ahead, inside the 7-day notice window of a scheduled
// one), CSV exports: none names it for the unit's users. "Today" is fixed
// (the server's and the demo's); the CLI moves it between its steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, DEMO_PASSWORD } from './harness.mjs';

const TODAY = '2026-11-02';
process.env.PARINDEX_TODAY = TODAY;
const FW = 'DEPT-2026-EXPLAIN';
const SEEN = 'KT-2026-EXPL-A';
const SECRET = 'KT-2026-EXPL-SECRET';
const TEXT = 'Niêm yết đủ TTHC tại Bộ phận một cửa (kiểm thử HTTP)';
const PW = 'long-password-1';

test('explain names the recommendation that cost the points, never an unannounced inspection not yet started', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = (args, day = TODAY, input) => {
    process.env.PARINDEX_TODAY = day;
    try { return srv.cli(args, input); } finally { process.env.PARINDEX_TODAY = TODAY; }
  };
  cli(['user', 'add', 'rep-vhtt', '--role', 'reporter', '--unit', 'SO-VHTT'], TODAY, PW + '\n');
  cli(['user', 'add', 'lead-x', '--role', 'inspector'], TODAY, PW + '\n');
  const plan = path.join(srv.dir, 'plan.csv');
  fs.writeFileSync(plan, 'inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\n'
    + `${SEEN},2026,SO-VHTT,scheduled,2026-10-05,2026-10-06,lead-x,,office,procedure,office\n`
    + `${SECRET},2026,SO-VHTT,unannounced,2026-11-05,2026-11-05,lead-x,,one_stop,procedure,one_stop\n`);
  cli(['inspection', 'import', plan], '2026-10-01');
  cli(['inspection', 'start', SEEN, '--as', 'lead-x'], '2026-10-05');
  cli(['inspection', 'finding', SEEN, '--kind', 'shortcoming', '--area', 'procedure', '--text', 'Chưa niêm yết đủ TTHC', '--as', 'lead-x'], '2026-10-05');
  const made = cli(['inspection', 'recommend', SEEN, '--finding', '1', '--text', TEXT, '--due', '2026-10-20', '--as', 'lead-x'], '2026-10-05');
  const id = made.match(/recommendation (\d+)/)[1];
  cli(['metric', 'refresh']); // today: the recommendation is overdue
  cli(['framework', 'import', path.join(process.env.FIXTURES, 'inspections', 'framework-explain.json')]);

  const as = async (login, pw) => { const c = srv.client(); await c.login(login, pw); return c; };
  const page = `/explain/${FW}/SO-VHTT`;
  const api = `/api/v1/explain/${FW}/SO-VHTT`;

  // the city office sees both (so the check below can fail)
  const office = await as('office', DEMO_PASSWORD);
  let r = await office.get(page);
  assert.equal(r.status, 200);
  assert.ok(r.text_.includes(SECRET), 'the city office is told of the planned unannounced inspection');

  for (const [login, pw] of [['rep-vhtt', PW], ['office-vhtt', DEMO_PASSWORD]]) {
    const c = await as(login, pw);
    r = await c.get(page);
    assert.equal(r.status, 200, `${login} ${page}`);
    assert.match(r.text_, new RegExp(`<a href="/inspections/${SEEN}">${SEEN}</a> \\(theo kế hoạch, đang kiểm tra\\): kiến nghị ${id} «${TEXT.replace(/[()]/g, '\\$&')}», hạn 20/10/2026, chưa khắc phục: quá hạn</li>`),
      `${login}: the page names the recommendation, its due date and state`);
    assert.ok(!r.text_.includes('EXPL-SECRET'), `${login}: the page reveals ${SECRET}`);
    r = await c.get(api);
    assert.equal(r.status, 200);
    const j = JSON.parse(r.text_);
    const kt = j.criteria.find((n) => n.code === 'KT');
    // the list is the count: -0.5 per overdue recommendation named (the
    // demo's own KT-2026-08 of SO-VHTT has some too)
    assert.ok(kt.inspections.every((x) => x.recommendation.overdue));
    assert.equal(kt.points, -0.5 * kt.inspections.length, 'the points are those of the recommendations named');
    assert.deepEqual(kt.inspections.filter((x) => x.inspection === SEEN).map((x) => [x.recommendation.id, x.recommendation.text, x.recommendation.due, x.recommendation.state]),
      [[Number(id), TEXT, '2026-10-20', 'open']], `${login}: the JSON names it`);
    const kc = j.criteria.find((n) => n.code === 'KC');
    assert.ok(kc.inspections.some((x) => x.inspection === SEEN && x.started_in_period), 'the counted inspection');
    assert.ok(!r.text_.includes('EXPL-SECRET'), `${login}: the JSON reveals ${SECRET}`);
  }

  const queries = [
    '/inspections?month=2026-11', '/inspections?month=2026-12', '/inspections?month=2026-10',
    '/api/v1/inspections?year=2026', '/api/v1/inspections?unit=SO-VHTT',
    '/api/v1/inspections?year=2026&unit=SO-VHTT', '/api/v1/inspections?unit=SO-VHTT.P01',
    '/recommendations?unit=SO-VHTT', '/recommendations?state=open', '/recommendations?state=overdue&as_of=2026-12-31',
    '/recommendations?unit=SO-VHTT&state=done', '/recommendations?unit=SO-VHTT&format=csv',
    '/api/v1/recommendations?unit=SO-VHTT&state=overdue&as_of=2027-01-31', '/api/v1/recommendations?state=accepted',
    '/units?q=SECRET', '/units?q=' + encodeURIComponent('KT-2026'), '/units/SO-VHTT?framework=' + FW,
    '/notices', '/api/v1/notices', '/?framework=' + FW, '/api/v1/results/' + FW,
    '/inspections/good-practices?unit=SO-VHTT',
  ];
  // the city office is told (the check can fail), then the unit's users are not
  const told = [];
  for (const q of queries) if ((await office.get(q)).text_.includes(SECRET)) told.push(q);
  assert.ok(told.includes('/inspections?month=2026-11') && told.includes('/api/v1/inspections?unit=SO-VHTT'),
    `the office sees it in the calendar and the list (${told.join(' ')})`);
  for (const [login, pw] of [['rep-vhtt', PW], ['office-vhtt', DEMO_PASSWORD]]) {
    const c = await as(login, pw);
    for (const q of queries) {
      r = await c.get(q);
      const body = r.text_.split(q).join('').split(q.replace(/&/g, '&amp;')).join('');
      assert.ok(!body.includes('EXPL-SECRET'), `${login} GET ${q} (${r.status}) names ${SECRET}`);
    }
  }
});
