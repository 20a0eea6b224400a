// The assessment page's server-side rules (issue 11): the self-assessment
// is one form posted once for many criteria, all or nothing; a refused
// save is drawn again (422) with every typed value, the message next to
// each bad field and a summary linking to them; an empty field never
// erases a saved score, clearing asks for a confirmation first; the
// Vietnamese decimal comma is read and shown; the same evidence file twice
// on one criterion is one entry; evidence can be removed only in draft and
// only by the unit's focal point; submitting asks first and lists every
// blocker; a council member accepts a section's self points at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { auditCount } from './harness.mjs';
import { outcomeOf } from './flash.mjs';
import { setup, api, criterion, ASSESS, FW, PASSWORD, today, sql } from './cycle_fixture.mjs';

const PAGE = (u) => `/assessments/${FW}/${u}`;
const PLAN = fs.readFileSync(path.join(process.env.FIXTURES, 'cycle', 'plan.pdf'));

function upload(crit, name, bytes) {
  const f = new FormData();
  f.append('criterion', crit);
  f.append('file', new Blob([bytes]), name);
  return f;
}

async function apiForm(srv, token, p, form) {
  const res = await fetch(srv.base + p, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

const loc = (res) => decodeURIComponent(res.headers.get('location') || '');
const self = async (srv, tok, c) => (await criterion(srv, tok, 'A1', c)).self;

// One server for the file (on PostgreSQL a file has one database): the
// subtests run in order, A1 for the form, A2 for evidence and submission,
// A1 again for the council, another framework for formulas.
test('the assessment page', async (t) => {
  const { srv, cli, tok } = await setup(t);
  cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);

  await t.test('one form, all or nothing, values kept, empty keeps, clear asks', async () => {
    const rep = srv.client();
    await rep.login('rep1', PASSWORD);
    const csrf = await rep.csrf();

    // the page: one form, fields announced (text + inputmode decimal, range, step)
    let page = await rep.get(PAGE('A1'));
    assert.equal(page.status, 200);
    assert.equal((page.text_.match(/<form id="self-form"/g) || []).length, 1, 'one self-assessment form');
    assert.match(page.text_, /id="self-1\.1" name="self:1\.1" form="self-form" type="text" inputmode="decimal"/);
    assert.match(page.text_, /id="hint-1\.1">[^<]*0–10, bước 0,5/, 'range and step announced');
    assert.match(page.text_, /<details class="domain" id="d-1"/, 'domains are collapsible');
    assert.match(page.text_, /<progress id="progress" max="3" value="0"/);

    // three criteria typed, saved once, with the decimal comma
    let res = await rep.post(`${PAGE('A1')}/scores`, {
      csrf, 'self:1.1': '9,5', 'explanation:1.1': 'Kế hoạch số 12', 'self:1.2': '1,25', 'self:2.1': '4',
      'explanation:1.2': '', 'explanation:2.1': '',
    });
    assert.equal(res.status, 303, res.text_);
    assert.match(await outcomeOf(rep, res), /^ok: /);
    assert.equal(await self(srv, tok.rep1, '1.1'), 9.5);
    assert.equal(await self(srv, tok.rep1, '1.2'), 1.25);
    assert.equal(await self(srv, tok.rep1, '2.1'), 4);
    assert.equal((await criterion(srv, tok.rep1, 'A1', '1.1')).explanation, 'Kế hoạch số 12');
    page = await rep.get(PAGE('A1'));
    assert.match(page.text_, /name="self:1\.2"[^>]*value="1,25"/, 'shown with the comma in Vietnamese');
    assert.match(page.text_, /<td class="num">1,25<\/td>/, 'right-aligned number cell, comma');
    assert.match(page.text_, /<progress id="progress" max="3" value="3"/);
    assert.match(page.text_, /id="running-total">14,75</, 'running total of the self points');
    // in English the point: the same value, the same page
    cli(['user', 'add', 'rep1-en', '--role', 'reporter', '--unit', 'A1', '--lang', 'en'], PASSWORD + '\n');
    const en = srv.client();
    await en.login('rep1-en', PASSWORD);
    const enPage = await en.get(PAGE('A1'));
    assert.match(enPage.text_, /name="self:1\.2"[^>]*value="1\.25"/, 'shown with the point in English');
    assert.match(enPage.text_, /id="running-total">14\.75</);
    // only what changed is written: saving the same values again audits nothing
    let before = auditCount(srv);
    res = await rep.post(`${PAGE('A1')}/scores`, { csrf, 'self:1.1': '9,5', 'self:1.2': '1.25', 'self:2.1': '4' });
    assert.equal(res.status, 303);
    assert.equal(auditCount(srv), before + 1, 'one entry for the save, none per unchanged criterion');

    // a refused save: 422, every typed value kept, each message by its field, nothing saved
    before = auditCount(srv);
    const long = 'dài '.repeat(6000);
    res = await rep.post(`${PAGE('A1')}/scores`, {
      csrf, 'self:1.1': 'abc', 'self:1.2': '7', 'explanation:1.2': long, 'self:2.1': '6',
      'explanation:1.1': 'giải trình mới',
    });
    assert.equal(res.status, 422);
    const h = res.text_;
    assert.match(h, /name="self:1\.1"[^>]*value="abc"/, 'the bad value is still there');
    assert.match(h, /name="self:1\.2"[^>]*value="7"/, 'a good value typed with it is kept');
    assert.match(h, /name="self:2\.1"[^>]*value="6"/);
    assert.match(h, />giải trình mới<\/textarea>/, 'the typed explanation is kept');
    assert.match(h, /id="self-1\.1"[^>]*aria-describedby="hint-1\.1 err-self-1\.1" aria-invalid="true" autofocus/, 'first error focused');
    assert.match(h, /id="err-self-1\.1">không phải là số/);
    assert.match(h, /id="self-2\.1"[^>]*aria-invalid="true"/);
    assert.doesNotMatch(h, /id="self-2\.1"[^>]*autofocus/, 'only the first error takes the focus');
    assert.match(h, /id="err-self-2\.1">[^<]*ngoài khoảng/);
    assert.match(h, /id="expl-1\.2"[^>]*aria-invalid="true"/);
    assert.match(h, /id="err-expl-1\.2">phần giải trình quá dài/);
    assert.doesNotMatch(h, /id="self-1\.2"[^>]*aria-invalid/, 'a good field is not marked');
    assert.match(h, /class="error-summary" role="alert"[\s\S]*href="#self-1\.1"[\s\S]*href="#expl-1\.2"[\s\S]*href="#self-2\.1"/, 'the summary links to each bad field');
    assert.match(h, /<details class="domain" id="d-1" open>/, 'a domain with an error is open');
    assert.equal(auditCount(srv), before, 'nothing written');
    assert.equal(await self(srv, tok.rep1, '1.2'), 1.25, 'the good value of a refused save is not saved either');
    assert.equal((await criterion(srv, tok.rep1, 'A1', '1.1')).explanation, 'Kế hoạch số 12');

    // each kind of bad value alone is refused with its own message
    for (const [c, v, why] of [['1.1', '-1', /ngoài khoảng/], ['1.1', '10,5', /ngoài khoảng/],
      ['1.1', '9,25', /không theo bước/], ['1.2', '1,125', /thập phân/], ['1.2', '1,2,5', /không phải là số/]]) {
      res = await rep.post(`${PAGE('A1')}/scores`, { csrf, [`self:${c}`]: v });
      assert.equal(res.status, 422, `${c}=${v}`);
      assert.match(res.text_, new RegExp(`id="err-self-${c.replace('.', '\\.')}">[^<]*${why.source}`), `${c}=${v}`);
      assert.match(res.text_, new RegExp(`value="${v}"`), `${c}=${v} kept`);
    }
    assert.equal(auditCount(srv), before, 'still nothing written');

    // an empty field never erases a saved score
    res = await rep.post(`${PAGE('A1')}/scores`, { csrf, 'self:1.1': '', 'self:1.2': '  ' });
    assert.equal(res.status, 303);
    assert.equal(await self(srv, tok.rep1, '1.1'), 9.5);
    assert.equal(await self(srv, tok.rep1, '1.2'), 1.25);

    // clearing is explicit and asks first: the form again, nothing erased yet
    before = auditCount(srv);
    res = await rep.post(`${PAGE('A1')}/scores`, { csrf, 'self:1.1': '', 'clear:1.1': '1', 'self:2.1': '3,5' });
    assert.equal(res.status, 200);
    assert.match(res.text_, /id="confirm-clear"/);
    assert.match(res.text_, /name="confirm"\s+value="clear"/);
    assert.match(res.text_, /name="clear:1\.1" value="1" form="self-form" checked/, 'the choice is kept');
    assert.match(res.text_, /name="self:2\.1"[^>]*value="3,5"/, 'what was typed is kept');
    assert.equal(auditCount(srv), before);
    assert.equal(await self(srv, tok.rep1, '1.1'), 9.5, 'not cleared before the confirmation');
    res = await rep.post(`${PAGE('A1')}/scores`, { csrf, 'self:1.1': '', 'clear:1.1': '1', 'self:2.1': '3,5', confirm: 'clear' });
    assert.equal(res.status, 303, res.text_);
    assert.equal(await self(srv, tok.rep1, '1.1'), null, 'cleared once confirmed');
    assert.equal(await self(srv, tok.rep1, '2.1'), 3.5);
    // "clear" with the saved value still in the field (as the page draws it) clears
    res = await rep.post(`${PAGE('A1')}/scores`, { csrf, 'self:1.2': '1,25', 'clear:1.2': '1', confirm: 'clear' });
    assert.equal(res.status, 303, res.text_);
    assert.equal(await self(srv, tok.rep1, '1.2'), null);
    // a new value and "clear" together are refused
    res = await rep.post(`${PAGE('A1')}/scores`, { csrf, 'self:2.1': '2', 'clear:2.1': '1', confirm: 'clear' });
    assert.equal(res.status, 422);
    assert.equal(await self(srv, tok.rep1, '2.1'), 3.5);

    // the API's single criterion still works (tests/http/test_cycle*.mjs)
    const r = await api(srv, tok.rep1, 'POST', `${ASSESS('A1')}/scores`, { criterion: '1.1', self: 8.5 });
    assert.equal(r.status, 200, r.text);
    assert.equal(await self(srv, tok.rep1, '1.1'), 8.5);
    // the history of a criterion saved by the one form is its own
    const hist = await rep.get(`/history/${FW}/A1/1.2`);
    assert.match(hist.text_, /Lưu điểm tự đánh giá/);
    assert.doesNotMatch(hist.text_, /self-assess|<code>|\{"/, 'the history in words, not codes or JSON');
  });

  await t.test('evidence: one entry per file, removal only in draft by the unit; submit asks first', async () => {
    let r = await apiForm(srv, tok.rep2, `${ASSESS('A2')}/evidence`, upload('1.1', 'ke-hoach.pdf', PLAN));
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    const before = auditCount(srv);
    r = await apiForm(srv, tok.rep2, `${ASSESS('A2')}/evidence`, upload('1.1', 'ban-sao.pdf', PLAN));
    assert.equal(r.status, 422, 'the same bytes twice on one criterion');
    assert.match(r.json.error, /already evidence of criterion 1\.1/);
    assert.equal(auditCount(srv), before);
    assert.equal((await criterion(srv, tok.rep2, 'A2', '1.1')).evidence.length, 1, 'one entry');
    // a document dated in the future is refused
    const later = new Date(Date.now() + 7 * 3600 * 1000 + 2 * 86400000).toISOString().slice(0, 10);
    const fut = upload('2.1', 'sau.pdf', PLAN);
    fut.append('doc_date', later);
    r = await apiForm(srv, tok.rep2, `${ASSESS('A2')}/evidence`, fut);
    assert.equal(r.status, 422);
    assert.match(r.json.error, /in the future/);
    // on another criterion the same file is another entry
    r = await apiForm(srv, tok.rep2, `${ASSESS('A2')}/evidence`, upload('1.2', 'ke-hoach.pdf', PLAN));
    assert.equal(r.status, 201, r.text);
    // the page's upload form says so too
    const rep = srv.client();
    await rep.login('rep2', PASSWORD);
    const csrf = await rep.csrf();
    const f = upload('1.1', 'lan-hai.pdf', PLAN);
    f.append('csrf', csrf);
    let res = await rep.request('POST', `${PAGE('A2')}/evidence`, { body: f });
    assert.match(await outcomeOf(rep, res), /^error: .*đã có trong minh chứng/);

    // removal: another unit's reporter does not see it, a council member may not
    const stranger = srv.client(); // A1's reporter
    await stranger.login('rep1', PASSWORD);
    res = await stranger.post(`${PAGE('A2')}/evidence/remove`, { csrf: await stranger.csrf(), id: String(id) });
    assert.equal(res.status, 404);
    const ap = srv.client();
    await ap.login('ap1', PASSWORD);
    res = await ap.post(`${PAGE('A2')}/evidence/remove`, { csrf: await ap.csrf(), id: String(id) });
    assert.equal(res.status, 403);
    // nor an id of another unit through one's own unit's route
    res = await stranger.post(`${PAGE('A1')}/evidence/remove`, { csrf: await stranger.csrf(), id: String(id) });
    assert.equal(res.status, 404);
    assert.equal((await criterion(srv, tok.rep2, 'A2', '1.1')).evidence.length, 1, 'still there');
    let page = await rep.get(PAGE('A2'));
    assert.match(page.text_, /action="\/assessments\/T-AGENCY-2025\/A2\/evidence\/remove"/);
    const n = auditCount(srv);
    res = await rep.post(`${PAGE('A2')}/evidence/remove`, { csrf, id: String(id), criterion: '1.1' });
    assert.equal(res.status, 303);
    assert.match(await outcomeOf(rep, res), /^ok: /);
    assert.equal((await criterion(srv, tok.rep2, 'A2', '1.1')).evidence.length, 0, 'removed');
    assert.equal(auditCount(srv), n + 1, 'audited');
    // the 1.2 copy keeps its bytes
    const other = (await criterion(srv, tok.rep2, 'A2', '1.2')).evidence[0].id;
    assert.equal((await fetch(`${srv.base}/evidence/${other}`, { headers: { Authorization: `Bearer ${tok.rep2}` } })).status, 200);

    // submit asks first and lists every blocker, not only the first
    res = await rep.post(`${PAGE('A2')}/submit`, { csrf });
    assert.equal(res.status, 200);
    for (const c of ['1.1', '1.2', '2.1'])
      assert.match(res.text_, new RegExp(`href="/assessments/${FW}/A2#c-${c.replace('.', '\\.')}"`), `blocker ${c} listed`);
    assert.doesNotMatch(res.text_, /name="confirm" value="1"/, 'no confirm button while something is missing');
    page = await rep.get(PAGE('A2'));
    assert.match(page.text_, /id="blockers"[\s\S]*#c-1\.1[\s\S]*#c-1\.2[\s\S]*#c-2\.1/);
    res = await rep.post(`${PAGE('A2')}/scores`, { csrf, 'self:1.1': '9', 'explanation:1.1': 'cách tính', 'self:1.2': '8', 'self:2.1': '5' });
    assert.equal(res.status, 303);
    res = await rep.post(`${PAGE('A2')}/submit`, { csrf });
    assert.equal(res.status, 200);
    assert.match(res.text_, /name="confirm" value="1"/);
    assert.equal((await api(srv, tok.rep2, 'GET', ASSESS('A2'))).json.status, 'draft', 'not submitted before the confirmation');
    res = await rep.post(`${PAGE('A2')}/submit`, { csrf, confirm: '1' });
    assert.equal(res.status, 303);
    assert.equal((await api(srv, tok.rep2, 'GET', ASSESS('A2'))).json.status, 'submitted');
    // after submission nothing can be removed
    res = await rep.post(`${PAGE('A2')}/evidence/remove`, { csrf, id: String(other) });
    assert.match(await outcomeOf(rep, res), /^error: /);
    assert.equal((await criterion(srv, tok.rep2, 'A2', '1.2')).evidence.length, 1);
    page = await rep.get(PAGE('A2'));
    assert.doesNotMatch(page.text_, /evidence\/remove/, 'no remove button after submission');
    assert.doesNotMatch(page.text_, /id="self-form"/);
    // the unit keeps a link to its assessment
    page = await rep.get('/units/A2');
    assert.match(page.text_, new RegExp(`href="/assessments/${FW}/A2"`));
  });

  await t.test('a council member accepts the self points of a section at once', async () => {
    for (const [who, u] of [['rep1', 'A1']]) { // A2 submitted in the test before
      for (const [c, v] of [['1.1', 9.5], ['1.2', 7], ['2.1', 5]])
        assert.equal((await api(srv, tok[who], 'POST', `${ASSESS(u)}/scores`, { criterion: c, self: v, note: 'x' })).status, 200);
      assert.equal((await api(srv, tok[who], 'POST', `${ASSESS(u)}/submit`)).status, 200);
    }
    sql(srv, "UPDATE web_user SET name = 'Lê Thị Thẩm Định' WHERE login = 'ap1'");
    const office = srv.client();
    await office.login('office');
    let res = await office.post(`${PAGE('A1')}/appraisers`, { csrf: await office.csrf(), login: 'ap1' });
    assert.match(await outcomeOf(office, res), /^ok: /);
    cli(['cycle', 'advance', '--framework', FW]);
    const ap = srv.client();
    await ap.login('ap1', PASSWORD);
    const csrf = await ap.csrf();
    let page = await ap.get(PAGE('A1'));
    assert.match(page.text_, /action="\/appraisals\/T-AGENCY-2025\/A1\/sections"/);
    // a reason is required; an unassigned member and a reporter may not
    const ap2 = srv.client();
    await ap2.login('ap2', PASSWORD);
    const rep = srv.client();
    await rep.login('rep1', PASSWORD);
    const rcsrf = await rep.csrf();
    let before = auditCount(srv);
    res = await ap.post(`/appraisals/${FW}/A1/sections`, { csrf, section: '1', reason: '' });
    assert.match(await outcomeOf(ap, res), /^error: /);
    res = await ap2.post(`/appraisals/${FW}/A1/sections`, { csrf: await ap2.csrf(), section: '1', reason: 'được' });
    assert.equal(res.status, 403, 'not assigned: the relation of the row refuses');
    assert.equal(res.headers.get('x-parindex-denied'), null, 'refused by the rule, not the router');
    res = await rep.post(`/appraisals/${FW}/A1/sections`, { csrf: rcsrf, section: '1', reason: 'được' });
    assert.equal(res.status, 403);
    assert.equal(auditCount(srv), before);
    res = await ap.post(`/appraisals/${FW}/A1/sections`, { csrf, section: '1', reason: 'Hồ sơ đầy đủ' });
    assert.match(await outcomeOf(ap, res), /^ok: /, loc(res));
    const c11 = await criterion(srv, tok.ap1, 'A1', '1.1');
    const c12 = await criterion(srv, tok.ap1, 'A1', '1.2');
    assert.equal(c11.appraised, 9.5, 'the self points became the council value (one member)');
    assert.equal(c12.appraised, 7);
    assert.equal((await criterion(srv, tok.ap1, 'A1', '2.1')).appraised, null, 'another section untouched');
    // audited per criterion, as appraise is
    for (const c of ['1.1', '1.2']) {
      const h = await ap.get(`/history/${FW}/A1/${c}`);
      assert.match(h.text_, /Đề xuất điểm thẩm định/, c);
    }
    // a second time: nothing left to accept in the section
    before = auditCount(srv);
    res = await ap.post(`/appraisals/${FW}/A1/sections`, { csrf, section: '1', reason: 'lần hai' });
    assert.match(await outcomeOf(ap, res), /^error: /);
    assert.equal(auditCount(srv), before);
    // people by name, not login
    page = await ap.get(PAGE('A1'));
    assert.match(page.text_, /Lê Thị Thẩm Định/);
    assert.doesNotMatch(page.text_, /Đề xuất của<\/?[^>]*>?\s*ap1/);
  });

  await t.test('the council sees a formula criterion with its computed value', async () => {
    const S = path.join(process.env.FIXTURES, 'score');
    cli(['unit', 'import', path.join(S, 'units.csv')]);
    cli(['framework', 'import', path.join(S, 't2024.json')]);
    cli(['metric', 'import', path.join(S, 'metrics.csv')]);
    cli(['metric', 'import', path.join(S, 'metrics-monthly.csv')]);
    cli(['cycle', 'open', '--framework', 'T-2024', '--self-until', today()]);
    cli(['appraiser', 'assign', '--framework', 'T-2024', '--login', 'ap1', '--unit', 'W1']);
    // the self-assessment deadline has passed: the office moves to appraisal
    const tomorrow = new Date(Date.now() + 31 * 3600 * 1000).toISOString().slice(0, 10);
    process.env.PARINDEX_TODAY = tomorrow;
    try {
      cli(['cycle', 'advance', '--framework', 'T-2024']);
    } finally {
      delete process.env.PARINDEX_TODAY;
    }
    const ap = srv.client();
    await ap.login('ap1', PASSWORD);
    const page = await ap.get('/assessments/T-2024/W1');
    assert.equal(page.status, 200);
    // 2.2 = steps(x.rate, 0.5, 10, 0.9, 20) with x.rate = 0.95 (metrics.csv)
    assert.match(page.text_, /id="c-2\.2"[^]*?Giá trị tính được<\/th><td class="num"><strong>20<\/strong>/);
    // 2.1 needs x.total, which has no value without the catalogue's monthly sum
    assert.match(page.text_, /id="c-2\.1"[^]*?còn thiếu số liệu[^]*?id="c-2\.2"/);
    // a domain of formulas only: no self points to count, nothing to accept
    assert.doesNotMatch(page.text_, /name="section" value="2"/);
    // a reporter's page shows no computed value (only the council and the office)
    const rep = srv.client();
    await rep.login('rep1', PASSWORD);
    assert.doesNotMatch((await rep.get(`${PAGE('A1')}`)).text_, /Giá trị tính được/);
  });
});
