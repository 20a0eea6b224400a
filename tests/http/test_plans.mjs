// Plans and tasks over HTTP (docs/api.md "Plans", docs/formats/plans.md):
// who sees a plan, who may report on a task, on every plan route, by URL
// and by body, through the JSON API (JSON and multipart) and the pages'
// forms. Reporters outside the task's owner unit get 404 for what they may
// not see and 403 for what they see but may not change; nothing they send
// is stored. The form keeps what was typed after a refusal (422, the
// message next to its field). "Today" is fixed (PARINDEX_TODAY) so no
// check depends on the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, auditCount } from './harness.mjs';

process.env.PARINDEX_TODAY = '2026-07-10';
const FIX = path.join(process.env.FIXTURES, 'plans');
const PASSWORD = 'mat-khau-thu-nghiem';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function api(srv, token, method, p, body, multipart) {
  const h = { Authorization: `Bearer ${token}` };
  let payload;
  if (multipart) {
    payload = multipart;
  } else if (body) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const res = await fetch(srv.base + p, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

function reports(srv) {
  const out = srv.cli(['plan', 'status', '--plan', 'KH-T-HN', '--format', 'csv']) +
    srv.cli(['plan', 'status', '--plan', 'KH-T-SO-TP', '--format', 'csv']);
  return out;
}

test('plans: visibility and reports by unit, on every plan route', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  cli(['plan', 'import', path.join(FIX, 'http-plans.csv')]);
  cli(['user', 'add', 'rep-tp', '--role', 'reporter', '--unit', 'SO-TP.P01'], PASSWORD + '\n');
  const tok = {};
  for (const u of ['reporter', 'reporter-xa', 'staff', 'office', 'leader', 'rep-tp']) {
    tok[u] = cli(['token', 'create', u]).match(/[A-Za-z0-9_-]{32,}/)[0];
  }

  await t.test('the list shows only the plans one has a part in', async () => {
    // this test's plans among the demo's (KH-2026-*)
    const codes = async (u) => (await api(srv, tok[u], 'GET', '/api/v1/plans')).json.plans
      .map((p) => p.code).filter((c) => c.startsWith('KH-T-'));
    assert.deepEqual(await codes('reporter'), ['KH-T-HN'], 'SO-NV owns a task of the city plan only');
    assert.deepEqual(await codes('reporter-xa'), [], 'a commune with no task sees no plan');
    assert.deepEqual(await codes('rep-tp'), ['KH-T-SO-TP'], "a division sees its department's plan");
    assert.deepEqual(await codes('office'), ['KH-T-HN', 'KH-T-SO-TP'], 'the office sees all');
    assert.deepEqual(await codes('leader'), ['KH-T-HN', 'KH-T-SO-TP'], 'a reader sees all');
    const r = await fetch(srv.base + '/api/v1/plans');
    assert.equal(r.status, 401, 'anonymous');
  });

  await t.test('urging: notices for the owner unit, the week before and after the due date', async () => {
    // this test's plan notices among the demo's
    const en = async (u) => (await api(srv, tok[u], 'GET', '/api/v1/notices')).json
      .filter((x) => x.framework.startsWith('KH-T-') || /tasks to urge/.test(x.en)).map((x) => x.en);
    const overdueRows = cli(['plan', 'overdue', '--format', 'csv']).trim().split('\n').slice(1)
      .filter((l) => l.includes(',overdue,')).length;
    assert.deepEqual(await en('reporter'), ['Task 1 (KH-T-HN) is 10 days overdue']);
    assert.deepEqual(await en('rep-tp'), ['Task 1 (KH-T-SO-TP) is 40 days overdue',
      'Task 2 (KH-T-SO-TP) is due on 2026-07-15']);
    assert.deepEqual(await en('reporter-xa'), [], 'nothing for a unit without tasks');
    assert.deepEqual(await en('staff'), [], 'nothing for who may not report');
    assert.deepEqual(await en('office'), [`${overdueRows} overdue tasks to urge`], 'the office: how many to urge');
    const c = srv.client();
    await c.login('rep-tp', PASSWORD);
    const page = await c.get('/notices');
    assert.match(page.text_, /<a href="\/plans\/KH-T-SO-TP\/tasks\/2">Nhiệm vụ 2 \(KH-T-SO-TP\) đến hạn ngày 2026-07-15<\/a>/);
  });

  await t.test('a plan one may not see is not found, on every GET route', async () => {
    for (const p of ['/api/v1/plans/KH-T-SO-TP', '/api/v1/plans/KH-T-SO-TP/status',
      '/api/v1/plans/KH-T-SO-TP/status?as_of=2026-06-01']) {
      assert.equal((await api(srv, tok.reporter, 'GET', p)).status, 404, p);
      assert.equal((await api(srv, tok['reporter-xa'], 'GET', p)).status, 404, p);
    }
    const c = srv.client();
    await c.login('reporter');
    for (const p of ['/plans/KH-T-SO-TP', '/plans/KH-T-SO-TP/tasks/1', '/plans/KH-T-SO-TP/tasks/2']) {
      assert.equal((await c.get(p)).status, 404, p);
    }
    const list = await c.get('/plans');
    assert.equal(list.status, 200);
    assert.match(list.text_, /KH-T-HN/);
    assert.doesNotMatch(list.text_, /KH-T-SO-TP/, 'the list page hides it too');
    const overdue = await c.get('/plans/overdue');
    assert.equal(overdue.status, 200);
    assert.doesNotMatch(overdue.text_, /SO-TP/, "another unit's overdue tasks are not listed");
    assert.equal((await api(srv, tok.reporter, 'GET', '/api/v1/plans/NOPE')).status, 404, 'unknown plan');
  });

  await t.test('reports: only the owner unit, by URL and by body; nothing stored when refused', async () => {
    const c = srv.client();
    await c.login('reporter');
    const csrf = await c.csrf();
    const before = reports(srv), audit = auditCount(srv);
    const done = { status: 'done', date: '2026-06-20', document: '15/BC-SNV' };
    // by URL: a task of a plan they may not see, a task of another unit
    let r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/1/reports', done);
    assert.equal(r.status, 404, r.text);
    r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/2/reports', done);
    assert.equal(r.status, 403, r.text);
    // by body: naming one's own unit or task in the body changes nothing
    r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/2/reports',
      { ...done, owner_unit: 'SO-NV', unit: 'SO-NV', plan: 'KH-T-HN', task: '1' });
    assert.equal(r.status, 403, r.text);
    const f = new FormData();
    for (const [k, v] of Object.entries({ ...done, unit: 'SO-NV', task: '1' })) f.append(k, v);
    f.append('file', new Blob([PDF], { type: 'application/pdf' }), 'bc.pdf');
    r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/2/reports', null, f);
    assert.equal(r.status, 403, 'multipart: ' + r.text);
    r = await api(srv, tok['reporter-xa'], 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports', done);
    assert.equal(r.status, 404, 'a commune may not see the city plan');
    r = await api(srv, tok.staff, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports', done);
    assert.equal(r.status, 403, "staff of the unit are not its reporter");
    r = await api(srv, tok.leader, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports', done);
    assert.equal(r.status, 403, 'a leader reads, never reports');
    // the page's form, by URL
    let p = await c.post('/plans/KH-T-SO-TP/tasks/1/reports', { ...done, csrf });
    assert.equal(p.status, 404);
    p = await c.post('/plans/KH-T-HN/tasks/2/reports', { ...done, unit: 'SO-NV', csrf });
    assert.equal(p.status, 403);
    assert.equal(reports(srv), before, 'nothing stored');
    assert.equal(auditCount(srv), audit, 'nothing audited');
  });

  await t.test('the owner unit reports; the state, the rollup and the history follow', async () => {
    let r = await api(srv, tok['rep-tp'], 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/1/reports',
      { status: 'in_progress', date: '2026-05-20', progress: 40 });
    assert.equal(r.status, 201, r.text);
    r = await api(srv, tok['rep-tp'], 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/1/reports',
      { status: 'done', date: '2026-06-02', document: '20/BC-STP' });
    assert.equal(r.status, 201, r.text);
    r = await api(srv, tok['rep-tp'], 'GET', '/api/v1/plans/KH-T-SO-TP/status');
    assert.equal(r.status, 200);
    const t1 = r.json.tasks.find((x) => x.task_code === '1');
    assert.deepEqual([t1.status, t1.state, t1.days_late, t1.progress, t1.document],
      ['done', 'done_late', 2, 100, '20/BC-STP']);
    r = await api(srv, tok['rep-tp'], 'GET', '/api/v1/plans/KH-T-SO-TP/status?as_of=2026-05-31');
    const early = r.json.tasks.find((x) => x.task_code === '1');
    assert.deepEqual([early.status, early.state, early.progress], ['in_progress', 'open', 40],
      'on the due day the later done report does not count yet');
    assert.equal((await api(srv, tok['rep-tp'], 'GET', '/api/v1/plans/KH-T-SO-TP/status?as_of=31/05/2026')).status, 400);
    r = await api(srv, tok.office, 'GET', '/api/v1/plans/KH-T-HN');
    const city2 = r.json.tasks.find((x) => x.code === '2');
    assert.deepEqual(city2.below.map((b) => [b.plan, b.task, b.owner_unit, b.state]),
      [['KH-T-SO-TP', '1', 'SO-TP.P01', 'done_late']], "the city sees the department's part");
    r = await api(srv, tok['rep-tp'], 'GET', '/api/v1/plans/KH-T-SO-TP');
    const full = r.json.tasks.find((x) => x.code === '1');
    assert.equal(full.reports.length, 2, 'every report kept');
    assert.deepEqual(full.allowed, ['report']);
    r = await api(srv, tok.office, 'GET', '/api/v1/plans/KH-T-SO-TP');
    assert.deepEqual(r.json.tasks.find((x) => x.code === '1').allowed, ['cancel'], 'the office cancels');
    r = await api(srv, tok.reporter, 'GET', '/api/v1/plans/KH-T-HN');
    assert.deepEqual(r.json.tasks.map((x) => [x.code, x.allowed]), [['1', ['report']], ['2', []]],
      'allowed: only their own task');
  });

  await t.test('the API says which field is wrong; a report in the future is refused', async () => {
    let r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports',
      { status: 'done', date: '2026-07-11' });
    assert.equal(r.status, 422);
    assert.equal(r.json.field, 'date');
    r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports',
      { status: 'in_progress', date: '2026-07-01', progress: 120 });
    assert.equal(r.status, 422);
    assert.equal(r.json.field, 'progress');
    r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports', 'not json');
    assert.equal(r.status, 400);
    // only the plan unit's office cancels
    r = await api(srv, tok['rep-tp'], 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/2/reports',
      { status: 'cancelled', date: '2026-07-01', note: 'Không còn cần' });
    assert.equal(r.status, 403, r.text);
    r = await api(srv, tok['rep-tp'], 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/2/cancel',
      { date: '2026-07-01', note: 'Không còn cần' });
    assert.equal(r.status, 403, 'a reporter may not use the cancel route');
    r = await api(srv, tok.office, 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/2/reports',
      { status: 'cancelled', date: '2026-07-01', note: 'Không còn cần' });
    assert.equal(r.status, 403, "the office reports nothing through the reporters' route");
    r = await api(srv, tok.office, 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/2/cancel', { date: '2026-07-01' });
    assert.equal(r.status, 422, 'a cancellation needs a note');
    assert.equal(r.json.field, 'note');
    r = await api(srv, tok.office, 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/2/cancel',
      { date: '2026-07-01', note: 'Không còn cần' });
    assert.equal(r.status, 201, r.text);
    r = await api(srv, tok.office, 'GET', '/api/v1/plans/KH-T-SO-TP/status');
    assert.equal(r.json.tasks.find((x) => x.task_code === '2').state, 'cancelled');
    r = await api(srv, tok['rep-tp'], 'POST', '/api/v1/plans/KH-T-SO-TP/tasks/2/reports',
      { status: 'done', date: '2026-07-02' });
    assert.equal(r.status, 422, 'no report on a cancelled task');
  });

  await t.test('evidence: multipart with files, typed by content, served to who may see', async () => {
    const f = new FormData();
    f.append('status', 'done');
    f.append('date', '2026-07-09');
    f.append('document', '16/BC-SNV');
    f.append('file', new Blob([PDF], { type: 'application/pdf' }), 'bao-cao.pdf');
    let r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports', null, f);
    assert.equal(r.status, 201, r.text);
    const g = new FormData();
    g.append('status', 'done');
    g.append('date', '2026-07-09');
    g.append('file', new Blob(['MZ not a document'], { type: 'application/pdf' }), 'x.pdf');
    r = await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports', null, g);
    assert.equal(r.status, 422);
    assert.equal(r.json.field, 'file');
    r = await api(srv, tok.reporter, 'GET', '/api/v1/plans/KH-T-HN');
    const ev = r.json.tasks[0].reports.at(-1).evidence;
    assert.equal(ev.length, 1);
    assert.equal(ev[0].filename, 'bao-cao.pdf');
    const c = srv.client();
    await c.login('reporter');
    const dl = await c.get(`/plans/evidence/${ev[0].id}`);
    assert.equal(dl.status, 200);
    assert.match(dl.headers.get('content-type'), /application\/pdf/);
    assert.match(dl.headers.get('content-disposition'), /^attachment/);
    const x = srv.client();
    await x.login('reporter-xa');
    assert.equal((await x.get(`/plans/evidence/${ev[0].id}`)).status, 404, 'another unit');
    assert.equal((await x.get('/plans/evidence/999999')).status, 404);
  });

  await t.test('the form keeps what was typed: 422 with the message next to its field', async () => {
    const c = srv.client();
    await c.login('rep-tp', PASSWORD);
    const page = await c.get('/plans/KH-T-SO-TP/tasks/1');
    assert.equal(page.status, 200);
    assert.match(page.text_, /action="\/plans\/KH-T-SO-TP\/tasks\/1\/reports"/);
    const csrf = await c.csrf();
    const r = await c.post('/plans/KH-T-SO-TP/tasks/1/reports',
      { csrf, status: 'done', date: '2026-08-01', document: '99/BC-<b>x</b>', note: 'ghi chú đã gõ' });
    assert.equal(r.status, 422);
    assert.match(r.text_, /<input type="date" id="date" name="date" value="2026-08-01" required aria-describedby="err-date"/);
    assert.match(r.text_, /id="err-date">ngày báo cáo ở tương lai</);
    assert.match(r.text_, /value="99\/BC-&lt;b&gt;x&lt;\/b&gt;"/, 'typed, escaped');
    assert.match(r.text_, />ghi chú đã gõ<\/textarea>/);
    const ok = await c.post('/plans/KH-T-SO-TP/tasks/1/reports',
      { csrf, status: 'done', date: '2026-06-01', document: '21/BC-STP' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/plans/KH-T-SO-TP/tasks/1?saved=1');
    const after = await c.get('/plans/KH-T-SO-TP/tasks/1?saved=1');
    assert.match(after.text_, /21\/BC-STP/);
    // no CSRF token: refused before anything
    const n = await c.post('/plans/KH-T-SO-TP/tasks/1/reports', { status: 'done', date: '2026-06-01' });
    assert.equal(n.status, 403);
  });

  await t.test('pages: the plan by area with the tasks below, the overdue list', async () => {
    const c = srv.client();
    await c.login('office');
    const p = await c.get('/plans/KH-T-HN');
    assert.equal(p.status, 200);
    assert.match(p.text_, /<h3>Cải cách thủ tục hành chính<\/h3>/);
    assert.match(p.text_, /KH-T-SO-TP 1<\/a> \(SO-TP.P01\)/, 'the department task under city task 2');
    assert.match(p.text_, /<progress max="100" value="/);
    const o = await c.get('/plans/overdue?unit=SO-TP');
    assert.equal(o.status, 200);
    assert.match(o.text_, /KH-T-HN/);
    assert.match(o.text_, /10 ngày trễ/);
    assert.equal((await c.get('/plans/overdue?unit=NOPE')).status, 404);
    assert.match(o.text_, /href="\/plans\/urging\/SO-TP\?as_of=2026-07-10"/, 'one click to the letter');
    const pdf = await fetch(srv.base + '/plans/urging/SO-TP?as_of=2026-07-10',
      { headers: { Cookie: c.cookieHeader() } });
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get('content-type'), /application\/pdf/);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const xlsx = await fetch(srv.base + '/plans/urging/SO-TP?format=xlsx',
      { headers: { Cookie: c.cookieHeader() } });
    assert.equal(xlsx.status, 200);
    assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
    const rep = srv.client();
    await rep.login('reporter');
    assert.equal((await rep.get('/plans/urging/SO-NV')).status, 403, 'the letter is the office\'s');
    assert.equal((await rep.get('/plans/overdue?unit=SO-TP')).status, 404, 'the overdue list of a unit one may not see');
    assert.equal((await rep.get('/plans/overdue?unit=SO-NV')).status, 200, 'of one\'s own unit');
  });
});
