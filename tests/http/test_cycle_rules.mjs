// The assessment cycle's rules, one refusal at a time, against a real
// server: each case is a request someone could forge, checked for its
// exact answer and for writing nothing (no audit entry, the value
// unchanged), next to the allowed request that shows the refusal is the
// rule's and not some other failure. The rules live in app/cycle.c (being
// moved onto the workflow mechanism); this suite tests the behaviour, so
// it holds across that rewrite:
//  - a reporter cannot reply for another unit;
//  - an appraiser who moved into a unit after being assigned to it can no
//    longer appraise it (recusal at appraisal, not only at assignment);
//  - an appraiser not assigned to a unit cannot appraise it;
//  - nobody appraises outside the appraisal phase;
//  - the council decides only in the decision phase, with a reason, on a
//    criterion that has a reply, within the criterion's range; an
//    undecided reply holds the cycle in the decision phase;
//  - no self-assessment without an open cycle (the deadline and the
//    extension: test_cycle_deadline.mjs, a server on another date);
//  - the admin does not self-assess, neither by the page nor the API
//    (issue 10 item 9: separation of duties; the unit's own focal point
//    self-assesses).
// The appraiser's move is a grant over the unit (`parindex user grant`),
// and the move back out its revocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditCount } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

import { FW, PASSWORD, ASSESS, APPRAISE, today, api, criterion, setup } from './cycle_fixture.mjs';

test('cycle rules: replies, recusal after a move, assignment, phases', async (t) => {
  const { srv, cli, tok } = await setup(t);

  // no cycle yet: nobody self-assesses (the cycle is not found)
  let before = auditCount(srv);
  let r = await api(srv, tok.rep1, 'POST', ASSESS('A1') + '/scores', { criterion: '1.1', self: 5 });
  assert.equal(r.status, 404, r.text);
  assert.match(r.json.error, /cycle/i);
  assert.equal((await criterion(srv, tok.rep1, 'A1', '1.1')).self, null);
  assert.equal(auditCount(srv), before);

  cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);
  cli(['appraiser', 'assign', '--framework', FW, '--login', 'ap1', '--unit', 'A1']);
  cli(['appraiser', 'assign', '--framework', FW, '--login', 'ap1', '--unit', 'A2']);

  await t.test('the admin may not self-assess a unit (issue 10 item 9)', async () => {
    const b = auditCount(srv);
    const a = await api(srv, tok.admin, 'POST', ASSESS('A1') + '/scores', { criterion: '2.1', self: 1 });
    assert.equal(a.status, 403, a.text);
    assert.match(a.json.error, /only the unit's own people may self-assess/);
    assert.equal(auditCount(srv), b);
  });

  for (const [who, unit, scores] of [['rep1', 'A1', [['1.1', 9], ['1.2', 8], ['2.1', 5]]],
    ['rep2', 'A2', [['1.1', 8], ['1.2', 9], ['2.1', 4]]]]) {
    for (const [c, v] of scores) {
      r = await api(srv, tok[who], 'POST', ASSESS(unit) + '/scores', { criterion: c, self: v, note: `cách tính ${c}` });
      assert.equal(r.status, 200, r.text);
    }
  }
  // nobody appraises during self-assessment, not even an assigned member
  before = auditCount(srv);
  r = await api(srv, tok.ap1, 'POST', APPRAISE('A1'), { criterion: '1.2', appraised: 8 });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json.error, /not in the appraisal phase/);
  assert.equal(auditCount(srv), before);
  for (const [who, unit] of [['rep1', 'A1'], ['rep2', 'A2']]) {
    r = await api(srv, tok[who], 'POST', ASSESS(unit) + '/submit');
    assert.equal(r.status, 200, r.text);
  }
  cli(['cycle', 'advance', '--framework', FW]);

  // an appraiser not assigned to A1 does not appraise it
  before = auditCount(srv);
  r = await api(srv, tok.ap2, 'POST', APPRAISE('A1'), { criterion: '1.2', appraised: 8 });
  assert.equal(r.status, 403, r.text);
  assert.match(r.json.error, /only a council member assigned to this unit/);
  assert.equal(auditCount(srv), before);

  // ap1 moves into A1 after being assigned to it: recused from A1 ...
  cli(['user', 'grant', 'ap1', '--role', 'appraiser', '--unit', 'A1']);
  before = auditCount(srv);
  r = await api(srv, tok.ap1, 'GET', '/api/v1/me');
  assert.equal(r.status, 200);
  assert.match(r.text, /"A1"/, 'the move is seen by the server');
  for (const [c, v] of [['1.1', 10], ['1.2', 8]]) {
    r = await api(srv, tok.ap1, 'POST', APPRAISE('A1'), { criterion: c, appraised: v, reason: 'đơn vị của tôi' });
    assert.equal(r.status, 403, `${c}: ${r.text}`);
    assert.match(r.json.error, /nobody appraises their own unit/);
  }
  assert.equal((await criterion(srv, tok.office, 'A1', '1.1')).appraised, null);
  assert.equal(auditCount(srv), before, 'nothing written');
  // ... and still appraises A2, the only member there (one of one is a majority)
  r = await api(srv, tok.ap1, 'POST', APPRAISE('A2'), { criterion: '1.1', appraised: 6, reason: 'Thiếu văn bản' });
  assert.equal(r.status, 200, r.text);
  for (const [c, v] of [['1.2', 9], ['2.1', 4]]) {
    assert.equal((await api(srv, tok.ap1, 'POST', APPRAISE('A2'), { criterion: c, appraised: v })).status, 200);
  }
  assert.equal((await criterion(srv, tok.office, 'A2', '1.1')).appraised, 6);
  // moved back out, ap1 appraises A1 as assigned
  cli(['user', 'revoke', 'ap1', '--role', 'appraiser', '--unit', 'A1']);
  for (const [c, v] of [['1.1', 9], ['1.2', 8], ['2.1', 5]]) {
    r = await api(srv, tok.ap1, 'POST', APPRAISE('A1'), { criterion: c, appraised: v });
    assert.equal(r.status, 200, r.text);
  }
  cli(['cycle', 'advance', '--framework', FW]);

  // replies: rep1 cannot reply for A2, by the form or a forged request
  const rep1 = srv.client();
  await rep1.login('rep1', PASSWORD);
  let csrf = await rep1.csrf();
  const page = await rep1.get(`/assessments/${FW}/A2`);
  // what rep1 may not see does not exist for rep1: 404, never 403
  assert.equal(page.status, 404, 'rep1 cannot even open A2');
  before = auditCount(srv);
  let res = await rep1.post(`/replies/${FW}/A2`, { criterion: '1.1', text: 'phản hồi giả mạo', csrf });
  assert.equal(res.status, 404, 'the rule refused it (a CSRF refusal would be 403)');
  assert.match(res.text_, /không tìm thấy/, 'the rule refused it, not the CSRF check');
  assert.equal((await criterion(srv, tok.rep2, 'A2', '1.1')).reply, null);
  assert.equal(auditCount(srv), before, 'nothing written');
  // A2's own reporter may, on the same criterion
  const rep2 = srv.client();
  await rep2.login('rep2', PASSWORD);
  csrf = await rep2.csrf();
  before = auditCount(srv);
  res = await rep2.post(`/replies/${FW}/A2`, { criterion: '1.1', text: 'Có văn bản kèm theo', csrf });
  assert.equal(res.status, 303);
  assert.match(await outcomeOf(rep2, res), /^ok: /);
  assert.equal((await criterion(srv, tok.rep2, 'A2', '1.1')).reply, 'Có văn bản kèm theo');
  assert.equal(auditCount(srv), before + 1);

  // decisions: only in the decision phase, with a reason, on a reply
  const office = srv.client();
  await office.login('office');
  csrf = await office.csrf();
  const decide = (form) => office.post(`/decisions/${FW}/A2`, { csrf, ...form });
  const refusedWith = async (form, msg, what) => {
    const b = auditCount(srv);
    const res = await decide(form);
    assert.equal(res.status, 303, what);
    const l = await outcomeOf(office, res);
    assert.match(l, /^error: /, `${what}: ${l}`);
    assert.match(l, msg, `${what}: ${l}`);
    assert.equal((await criterion(srv, tok.office, 'A2', '1.1')).appraised, 6, `${what}: value unchanged`);
    assert.equal(auditCount(srv), b, `${what}: nothing written`);
  };
  await refusedWith({ criterion: '1.1', decision: 'accept', points: '8', reason: 'Đủ văn bản' },
    /không ở giai đoạn hội đồng xem xét phản hồi/, 'a decision in the reply phase');
  cli(['cycle', 'advance', '--framework', FW]);
  // the undecided reply holds the cycle in the decision phase
  assert.throws(() => cli(['cycle', 'advance', '--framework', FW]), /1 replies have no council decision/);
  await refusedWith({ criterion: '1.1', decision: 'accept', points: '8', reason: '' },
    /quyết định phải có lý do/, 'a decision without a reason');
  await refusedWith({ criterion: '1.2', decision: 'accept', points: '8', reason: 'Đủ văn bản' },
    /không có phản hồi cho tiêu chí này/, 'a decision on a criterion without a reply');
  await refusedWith({ criterion: '1.1', decision: 'accept', points: '11', reason: 'Đủ văn bản' },
    /điểm 11 nằm ngoài khoảng \[0, 10\]/, 'points above the maximum');
  res = await decide({ criterion: '1.1', decision: 'accept', points: '8', reason: 'Đủ văn bản' });
  assert.match(await outcomeOf(office, res), /^ok: /);
  assert.equal((await criterion(srv, tok.office, 'A2', '1.1')).appraised, 8, 'the accepted points');
  cli(['cycle', 'advance', '--framework', FW]);
  assert.match(cli(['cycle', 'status', '--framework', FW]), /approved/);
});
