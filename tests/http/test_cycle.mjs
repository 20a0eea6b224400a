// The yearly assessment cycle over HTTP with several roles, against a real
// server: self-assessment with evidence, the lock, appraisal with recusal
// and a majority of the council, replies and decisions, approval and
// publication — ending in a published ranking equal to `parindex score`
// on the same inputs. Also the security rules: a reporter cannot read or
// write another unit's assessment by changing identifiers, nobody writes
// after the lock, an appraiser cannot appraise their own unit, a reporter
// cannot appraise, and hostile uploads are refused or stored safely.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, auditCount } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

const FIX = path.join(process.env.FIXTURES, 'cycle');
const FW = 'T-AGENCY-2025';
const PASSWORD = 'mat-khau-thu-nghiem';

function today() {
  // Vietnam local date
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

async function api(srv, token, method, p, body, headers = {}) {
  const h = { Authorization: `Bearer ${token}`, ...headers };
  let payload = body;
  if (body && !(body instanceof FormData) && typeof body !== 'string') {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const res = await fetch(srv.base + p, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

function upload(criterion, name, bytes, extra = {}) {
  const f = new FormData();
  f.append('criterion', criterion);
  f.append('file', new Blob([bytes]), name);
  for (const [k, v] of Object.entries(extra)) f.append(k, v);
  return f;
}

test('the whole cycle with several roles', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  cli(['unit', 'import', path.join(FIX, 'units.csv')]);
  cli(['framework', 'import', path.join(FIX, 't-agency.json')]);
  for (const [login, role, unit] of [['rep1', 'reporter', 'A1'], ['rep2', 'reporter', 'A2'],
    ['ap1', 'appraiser', null], ['ap2', 'appraiser', 'A1']]) {
    cli(['user', 'add', login, '--role', role, ...(unit ? ['--unit', unit] : [])], PASSWORD + '\n');
  }
  const tok = {};
  for (const u of ['rep1', 'rep2', 'ap1', 'ap2', 'office']) {
    tok[u] = cli(['token', 'create', u]).match(/[A-Za-z0-9_-]{32,}/)[0];
  }
  cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);
  cli(['appraiser', 'assign', '--framework', FW, '--login', 'ap1', '--unit', 'A1']);
  cli(['appraiser', 'assign', '--framework', FW, '--login', 'ap1', '--unit', 'A2']);
  cli(['appraiser', 'assign', '--framework', FW, '--login', 'ap2', '--unit', 'A2']);
  // recusal at assignment: ap2 belongs to A1
  assert.throws(() => cli(['appraiser', 'assign', '--framework', FW, '--login', 'ap2', '--unit', 'A1']));

  const A1 = `/api/v1/assessments/${FW}/A1`, A2 = `/api/v1/assessments/${FW}/A2`;
  let r = await api(srv, tok.rep1, 'GET', A1);
  assert.equal(r.status, 200);
  assert.equal(r.json.phase, 'self');
  assert.equal(r.json.criteria.length, 3);

  // another unit: neither read nor write by changing the identifier; what
  // the actor may not see does not exist for them (404, never 403)
  assert.equal((await api(srv, tok.rep1, 'GET', A2)).status, 404);
  r = await api(srv, tok.rep1, 'POST', A2 + '/scores', { criterion: '1.2', self: 1 });
  assert.equal(r.status, 404);
  r = await api(srv, tok.rep1, 'POST', A2 + '/evidence', upload('1.1', 'a.pdf', fs.readFileSync(path.join(FIX, 'plan.pdf'))));
  assert.equal(r.status, 404);
  // a reporter cannot appraise (capability, checked by the router)
  r = await api(srv, tok.rep1, 'POST', `/api/v1/appraisals/${FW}/A1/scores`, { criterion: '1.1', appraised: 1, reason: 'x' });
  assert.equal(r.status, 403);

  // self scores: range and step checked
  assert.equal((await api(srv, tok.rep1, 'POST', A1 + '/scores', { criterion: '1.1', self: 11 })).status, 422);
  r = await api(srv, tok.rep1, 'POST', A1 + '/scores', { criterion: '1.1', self: 9.3 });
  assert.equal(r.status, 422);
  assert.match(r.json.error, /step 0.5/);
  assert.equal((await api(srv, tok.rep1, 'POST', A1 + '/scores', { criterion: '9.9', self: 1 })).status, 422);
  for (const [c, v, note] of [['1.1', 9.5, ''], ['1.2', 8, 'cách tính 1.2'], ['2.1', 5, 'cách tính 2.1']]) {
    r = await api(srv, tok.rep1, 'POST', A1 + '/scores', { criterion: c, self: v, note });
    assert.equal(r.status, 200, r.text);
  }
  // A1 attaches the plan to 1.2 (optional evidence); A2 uploads it too, below
  r = await api(srv, tok.rep1, 'POST', A1 + '/evidence', upload('1.2', 'plan.pdf', fs.readFileSync(path.join(FIX, 'plan.pdf'))));
  assert.equal(r.status, 201, r.text);
  // evidence is required for 1.1: submission lists what is missing
  r = await api(srv, tok.rep1, 'POST', A1 + '/submit');
  assert.equal(r.status, 422, r.text);
  // (one problem: the API answers its message alone, without the criterion)
  assert.match(r.json.error, /evidence is required/, r.text);
  assert.equal(r.json.problems, undefined, 'one problem only');
  assert.equal((await api(srv, tok.rep1, 'GET', A1)).json.status, 'draft', 'not submitted');
  r = await api(srv, tok.rep1, 'POST', A1 + '/scores', { criterion: '1.1', self: 9.5, note: 'cách tính 1.1' });
  assert.equal(r.status, 200, r.text);
  r = await api(srv, tok.rep1, 'POST', A1 + '/submit');
  assert.equal(r.status, 200, 'an explanation counts instead of a file');

  // rep2: hostile uploads first
  const bad = [
    ['script.pdf', fs.readFileSync(path.join(FIX, 'script.pdf')), /only PDF/],
    ['page.html', fs.readFileSync(path.join(FIX, 'page.html')), /only PDF/],
    ['image.svg', fs.readFileSync(path.join(FIX, 'image.svg')), /only PDF/],
    ['empty.pdf', Buffer.alloc(0), /empty/],
    ['big.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]), /too large/],
  ];
  for (const [name, bytes, msg] of bad) {
    r = await api(srv, tok.rep2, 'POST', A2 + '/evidence', upload('1.1', name, bytes));
    assert.equal(r.status, 422, name);
    assert.match(r.json.error, msg, name);
  }
  // a truncated multipart body is refused
  r = await api(srv, tok.rep2, 'POST', A2 + '/evidence',
    '--XYZ\r\nContent-Disposition: form-data; name="criterion"\r\n\r\n1.1\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 trunc',
    { 'Content-Type': 'multipart/form-data; boundary=XYZ' });
  assert.equal(r.status, 400, `truncated multipart: ${r.status} ${r.text}`);
  // a file name with ../ and control characters is stored safely
  const pdf = fs.readFileSync(path.join(FIX, 'plan.pdf'));
  r = await api(srv, tok.rep2, 'POST', A2 + '/evidence',
    upload('1.1', '../../etc/pass\u0001wd".pdf', pdf, { doc_number: '12/KH-UBND', doc_date: '2025-01-15' }));
  assert.equal(r.status, 201, r.text);
  const evidenceId = r.json.id;
  r = await api(srv, tok.rep2, 'GET', A2);
  const ev = r.json.criteria.find((c) => c.criterion === '1.1').evidence[0];
  assert.equal(ev.filename, 'pass_wd_.pdf');
  // submission refuses while a required criterion has no points
  r = await api(srv, tok.rep2, 'POST', A2 + '/submit');
  assert.equal(r.status, 422);
  assert.ok(r.json.problems.length >= 3);
  for (const [c, v] of [['1.1', 8], ['1.2', 9], ['2.1', 4]]) {
    assert.equal((await api(srv, tok.rep2, 'POST', A2 + '/scores', { criterion: c, self: v })).status, 200);
  }
  // the same file uploaded by A1 is flagged as used by another unit
  assert.equal(ev.used_by_other_units, 1);
  r = await api(srv, tok.rep1, 'GET', A1);
  assert.equal(r.json.criteria.find((c) => c.criterion === '1.2').evidence[0].used_by_other_units, 1);
  r = await api(srv, tok.rep2, 'POST', A2 + '/submit');
  assert.equal(r.status, 200, r.text);

  // the download is an attachment, never rendered from our origin
  const dl = await fetch(`${srv.base}/evidence/${evidenceId}`, { headers: { Authorization: `Bearer ${tok.rep2}` } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.match(dl.headers.get('content-disposition'), /^attachment/);
  assert.equal(Buffer.from(await dl.arrayBuffer()).compare(pdf), 0);
  assert.equal((await fetch(`${srv.base}/evidence/${evidenceId}`, { headers: { Authorization: `Bearer ${tok.rep1}` } })).status, 404);

  // after submission: locked
  r = await api(srv, tok.rep1, 'POST', A1 + '/scores', { criterion: '1.2', self: 10 });
  assert.equal(r.status, 422);
  assert.match(r.json.error, /cannot self-assess in state "submitted"/);

  // appraisal phase
  cli(['cycle', 'advance', '--framework', FW]);
  const AP = (u) => `/api/v1/appraisals/${FW}/${u}/scores`;
  // ap2 works in A1: never appraises it, even with a forged request
  r = await api(srv, tok.ap2, 'POST', AP('A1'), { criterion: '1.1', appraised: 10, reason: 'x' });
  assert.equal(r.status, 403);
  // a reason is mandatory when the points differ from the self points
  r = await api(srv, tok.ap1, 'POST', AP('A1'), { criterion: '1.1', appraised: 8.5 });
  assert.equal(r.status, 422);
  r = await api(srv, tok.ap1, 'POST', AP('A1'), { criterion: '1.1', appraised: 8.5, reason: 'Kế hoạch ban hành muộn' });
  assert.equal(r.status, 200, r.text);
  for (const [c, v] of [['1.2', 8], ['2.1', 5]]) {
    assert.equal((await api(srv, tok.ap1, 'POST', AP('A1'), { criterion: c, appraised: v })).status, 200);
  }
  // A2 has two members: a value needs both (more than half)
  r = await api(srv, tok.ap1, 'POST', AP('A2'), { criterion: '1.2', appraised: 7, reason: 'Thiếu báo cáo quý' });
  assert.equal(r.status, 200);
  r = await api(srv, tok.ap1, 'GET', A2);
  assert.equal(r.json.criteria.find((c) => c.criterion === '1.2').appraised, null, 'one of two is no majority');
  r = await api(srv, tok.ap2, 'POST', AP('A2'), { criterion: '1.2', appraised: 7, reason: 'Đồng ý' });
  assert.equal(r.status, 200);
  r = await api(srv, tok.ap1, 'GET', A2);
  assert.equal(r.json.criteria.find((c) => c.criterion === '1.2').appraised, 7);
  for (const [c, v] of [['1.1', 8], ['2.1', 4]]) {
    for (const who of ['ap1', 'ap2']) {
      assert.equal((await api(srv, tok[who], 'POST', AP('A2'), { criterion: c, appraised: v })).status, 200);
    }
  }
  // nobody writes self scores during appraisal
  assert.equal((await api(srv, tok.rep2, 'POST', A2 + '/scores', { criterion: '1.2', self: 10 })).status, 422);

  // replies
  cli(['cycle', 'advance', '--framework', FW]);
  r = await api(srv, tok.rep1, 'GET', A1);
  const c11 = r.json.criteria.find((c) => c.criterion === '1.1');
  assert.equal(c11.appraised, 8.5);
  assert.equal(c11.reason, 'Kế hoạch ban hành muộn');
  // the page shows the adjustment and the reply form to the unit
  const rep1Client = srv.client();
  await rep1Client.login('rep1', PASSWORD);
  let page = await rep1Client.get(`/assessments/${FW}/A1`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Kế hoạch ban hành muộn/);
  assert.match(page.text_, new RegExp(`action="/replies/${FW}/A1"`));
  const csrf = await rep1Client.csrf();
  page = await rep1Client.post(`/replies/${FW}/A1`, { criterion: '1.1', text: 'Kế hoạch ban hành ngày 10/1, có văn bản kèm theo', csrf });
  assert.equal(page.status, 303);
  page = await rep1Client.post(`/replies/${FW}/A1`, { criterion: '1.2', text: 'không bị điều chỉnh', csrf });
  assert.match(await outcomeOf(rep1Client, page), /^error: .*(not adjusted|không bị điều chỉnh)/);

  // the council decides; approval; publication
  cli(['cycle', 'advance', '--framework', FW]);
  const office = srv.client();
  await office.login('office');
  const ocsrf = await office.csrf();
  page = await office.post(`/decisions/${FW}/A1`, { criterion: '1.1', decision: 'accept', points: '9', reason: 'Văn bản chứng minh ban hành đúng hạn', csrf: ocsrf });
  assert.equal(page.status, 303);
  cli(['cycle', 'advance', '--framework', FW]); // approved
  const status = cli(['cycle', 'status', '--framework', FW]);
  assert.match(status, /approved/);
  r = await api(srv, tok.office, 'POST', `/api/v1/frameworks/${FW}/publish`);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.version, 1);

  // the published ranking equals `parindex score` on the same inputs
  const pub = await (await fetch(`${srv.base}/api/v1/public/results/${FW}`)).json();
  const live = JSON.parse(cli(['score', '--framework', FW, '--format', 'json']));
  assert.equal(pub.results.length, live.length);
  for (const row of live) {
    const p = pub.results.find((x) => x.unit_code === row.unit_code);
    assert.equal(p.rank, row.rank);
    assert.equal(p.index, row.index);
  }
  const a1 = live.find((x) => x.unit_code === 'A1');
  assert.equal(a1.points, 9 + 8 + 5);
  // history of a value: who, when, why
  r = await rep1Client.get(`/history/${FW}/A1/1.1`);
  assert.equal(r.status, 200);
  assert.match(r.text_, /Lưu điểm tự đánh giá/);
  assert.match(r.text_, /Đề xuất điểm thẩm định/);
  assert.match(r.text_, /Quyết định về phản hồi/);
  assert.match(r.text_, /<time datetime="[^"]+">\d\d\/\d\d\/\d{4} \d\d:\d\d<\/time>/, 'local times');
  assert.ok(auditCount(srv) > 20);
});
