// The office does its year on the web (issue 11's office part, on the
// routes the workflow tables declare): open a cycle with its dates, assign
// and unassign a council member (shown by name; a member of the unit is
// refused), extend one unit's deadline with a reason, advance from the
// phase the page showed, publish; wrong input is refused with its reason
// and changes nothing; a reporter cannot reach any of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, auditCount, DEMO_PASSWORD } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

const FIX = path.join(process.env.FIXTURES, 'cycle');
const FW = 'T-AGENCY-2025';

function day(offset) {
  return new Date(Date.now() + 7 * 3600 * 1000 + offset * 86400000).toISOString().slice(0, 10);
}


test('the office opens, staffs, extends, advances and publishes a cycle on the web', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  srv.cli(['unit', 'import', path.join(FIX, 'units.csv')]);
  srv.cli(['framework', 'import', path.join(FIX, 't-agency.json')]);
  srv.cli(['user', 'add', 'hd-mot', '--role', 'appraiser', '--name', 'Nguyễn Thị Hội Đồng'], 'mat-khau-hoi-dong\n');
  srv.cli(['user', 'add', 'hd-a1', '--role', 'appraiser', '--unit', 'A1'], 'mat-khau-hoi-dong\n');
  const office = srv.client();
  await office.login('office', DEMO_PASSWORD);
  const csrf = await office.csrf();

  let page = await office.get(`/cycles/${FW}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, new RegExp(`action="/cycles/${FW}/open"`), 'the open form is offered');
  // wrong input: an absurd date, then a deadline in the past
  let before = auditCount(srv);
  // the form comes back (422) with the message and everything typed
  let res = await office.post(`/cycles/${FW}/open`, { csrf, self_until: '2025-13-45', reply_until: '2031-01-02', quorum: '66' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /không hợp lệ/);
  assert.match(res.text_, /name="self_until" value="2025-13-45"/, 'the wrong value is still there');
  assert.match(res.text_, /name="reply_until" value="2031-01-02"/);
  assert.match(res.text_, /name="quorum" value="66"/);
  assert.equal(res.headers.get('location'), null, 'no message travels in a URL');
  res = await office.post(`/cycles/${FW}/open`, { csrf, self_until: day(-1) });
  assert.equal(res.status, 422);
  assert.match(res.text_, /đã qua/);
  assert.match(res.text_, new RegExp(`name="self_until" value="${day(-1)}"`));
  assert.equal(auditCount(srv), before, 'refusals wrote nothing');
  res = await office.post(`/cycles/${FW}/open`, { csrf, self_until: day(0), quorum: '60' });
  assert.match(await outcomeOf(office, res), /^ok: /);
  res = await office.post(`/cycles/${FW}/open`, { csrf, self_until: day(0) });
  assert.match(await outcomeOf(office, res), /^error: .*(already done|đã thực hiện)/, 'a second open says it is open');

  // council members: by name; a member of the unit is refused (recusal)
  page = await office.get(`/assessments/${FW}/A1`);
  assert.match(page.text_, new RegExp(`action="/assessments/${FW}/A1/appraisers"`));
  res = await office.post(`/assessments/${FW}/A1/appraisers`, { csrf, login: 'hd-a1' });
  assert.match(await outcomeOf(office, res), /^error: .*(own unit|của chính mình)/);
  res = await office.post(`/assessments/${FW}/A1/appraisers`, { csrf, login: 'hd-mot' });
  assert.match(await outcomeOf(office, res), /^ok: /);
  page = await office.get(`/assessments/${FW}/A1`);
  assert.match(page.text_, /Nguyễn Thị Hội Đồng/, 'the member is shown by name');
  res = await office.post(`/assessments/${FW}/A1/appraisers/remove`, { csrf, login: 'hd-mot' });
  assert.match(await outcomeOf(office, res), /^ok: /);
  page = await office.get(`/assessments/${FW}/A1`);
  assert.doesNotMatch(page.text_, /Nguyễn Thị Hội Đồng/, 'unassigned');
  res = await office.post(`/assessments/${FW}/A1/appraisers`, { csrf, login: 'hd-mot' });
  assert.match(await outcomeOf(office, res), /^ok: /);

  // an extension needs a reason and a date not in the past
  before = auditCount(srv);
  res = await office.post(`/assessments/${FW}/A2/extend`, { csrf, until: day(3), reason: '' });
  assert.match(await outcomeOf(office, res), /^error: .*(reason|lý do)/);
  assert.equal(auditCount(srv), before);
  res = await office.post(`/assessments/${FW}/A2/extend`, { csrf, until: day(3), reason: 'Sự cố mạng' });
  assert.match(await outcomeOf(office, res), /^ok: /);

  // a reporter reaches none of it (the router's capability check)
  srv.cli(['user', 'add', 'rep-a1', '--role', 'reporter', '--unit', 'A1'], 'mat-khau-bao-cao\n');
  const rep = srv.client();
  await rep.login('rep-a1', 'mat-khau-bao-cao');
  const rcsrf = await rep.csrf();
  for (const p of [`/cycles/${FW}/advance`, `/cycles/${FW}/publish`, `/assessments/${FW}/A1/appraisers`,
    `/assessments/${FW}/A1/extend`]) {
    res = await rep.post(p, { csrf: rcsrf, login: 'hd-mot', until: day(5), reason: 'x', from: 'self' });
    assert.equal(res.status, 403, p);
  }
  // not every unit submitted and the deadline (and A2's extension) has not
  // passed: no advance button; a forged advance is refused
  page = await office.get(`/cycles/${FW}`);
  assert.doesNotMatch(page.text_, new RegExp(`action="/cycles/${FW}/advance"`));
  res = await office.post(`/cycles/${FW}/advance`, { csrf, from: 'self' });
  assert.match(await outcomeOf(office, res), /^error: .*(have not submitted|chưa nộp)/);
  assert.equal((await office.get(`/cycles/${FW}`)).status, 200);
});

